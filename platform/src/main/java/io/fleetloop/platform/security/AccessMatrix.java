package io.fleetloop.platform.security;

import io.fleetloop.api.governance.Role;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.fleetloop.platform.security.Permission.*;
import java.util.Collections;

/**
 * The one permission matrix: which permission each endpoint (REST route or GraphQL field) needs, and which
 * permissions each role holds. Anything not listed here is denied. {@code docs/permissions.md} is generated
 * from this class ({@link #markdown()}) and a test keeps the two equal.
 */
public final class AccessMatrix {

    public record Route(HttpMethod method, String pattern, Permission permission) {
        private static final PathPatternParser PARSER = new PathPatternParser();

        PathPattern parsed() {
            return PARSER.parse(pattern);
        }
    }

    /** First match wins, so specific routes come before the patterns they would also match. */
    public static final List<Route> ROUTES = List.of(
            route("GET", "/v1/me", SELF),
            route("POST", "/graphql", SELF),
            route("GET", "/v1/datasources", DATASOURCE_READ),
            route("GET", "/v1/datasources/{sourceId}", DATASOURCE_READ),
            route("POST", "/v1/datasources", DATASOURCE_WRITE),
            route("GET", "/v1/credentials", CREDENTIALS_READ),
            route("PUT", "/v1/credentials/{name}", CREDENTIALS_WRITE),
            route("GET", "/v1/ingestion-tasks", INGESTION_READ),
            route("GET", "/v1/ingestion-tasks/{taskId}", INGESTION_READ),
            route("POST", "/v1/ingestion-tasks", INGESTION_RUN),
            route("POST", "/v1/ingestion-tasks/{taskId}/start", INGESTION_RUN),
            route("POST", "/v1/ingestion-tasks/{taskId}/stop", INGESTION_RUN),
            route("POST", "/v1/ingestion-tasks/{taskId}/uploads", INGESTION_RUN),
            route("GET", "/v1/ingestion-tasks/{taskId}/uploads/{uploadId}", INGESTION_READ),
            route("POST", "/v1/ingestion-tasks/{taskId}/uploads/{uploadId}/complete", INGESTION_RUN),
            route("DELETE", "/v1/ingestion-tasks/{taskId}/uploads/{uploadId}", INGESTION_RUN),
            route("GET", "/v1/assets/export", ASSET_EXPORT),
            route("GET", "/v1/assets", ASSET_READ),
            route("GET", "/v1/assets/{assetId}", ASSET_READ),
            route("PUT", "/v1/assets/{assetId}/tags", ASSET_TAG),
            route("POST", "/v1/scene-mining", ASSET_TAG),
            route("GET", "/v1/scene-mining/rules", ASSET_READ),
            route("PUT", "/v1/scene-mining/rules", ASSET_TAG),
            route("GET", "/v1/scene-mining/tags/histogram", ASSET_READ),
            route("GET", "/v1/scene-mining/tags/histogram.svg", ASSET_READ),
            route("GET", "/v1/scene-mining/{jobId}", ASSET_READ),
            route("POST", "/v1/scene-mining/{jobId}/cancel", ASSET_TAG),
            route("GET", "/v1/data-flows", DATAFLOW_READ),
            route("POST", "/v1/data-flows", DATAFLOW_WRITE),
            route("GET", "/v1/workflow-runs", DATAFLOW_READ),
            route("GET", "/v1/workflow-runs/{runId}", DATAFLOW_READ),
            route("GET", "/v1/workflow-runs/{runId}/nodes/{nodeId}/logs", DATAFLOW_READ),
            route("GET", "/v1/workflow-runs/{runId}/nodes/{nodeId}/attempts/{attempt}/artifacts/{name}", DATAFLOW_READ),
            route("GET", "/v1/workflow-runs/{runId}/artifacts", DATAFLOW_READ),
            route("GET", "/v1/workflow-runs/{runId}/context", DATAFLOW_READ),
            route("GET", "/v1/workflow-runs/{runId}/events", DATAFLOW_READ),
            route("POST", "/v1/workflow-runs/{runId}/cancel", DATAFLOW_WRITE),
            route("POST", "/v1/workflow-runs/{runId}/rerun", DATAFLOW_WRITE),
            route("GET", "/v1/annotation-tasks", ANNOTATION_READ),
            route("GET", "/v1/annotation-tasks/{taskId}", ANNOTATION_READ),
            route("GET", "/v1/annotation-tasks/{taskId}/results", ANNOTATION_READ),
            route("GET", "/v1/annotation-queues/{queue}", ANNOTATION_READ),
            route("GET", "/v1/annotation-results/{resultId}", ANNOTATION_READ),
            route("GET", "/v1/annotation-tasks/{taskId}/export", DATASET_EXPORT),
            route("POST", "/v1/annotation-tasks", ANNOTATION_MANAGE),
            route("POST", "/v1/annotation-tasks/{taskId}/run-prelabeling", ANNOTATION_MANAGE),
            route("PUT", "/v1/annotation-results/{resultId}", ANNOTATION_EDIT),
            route("POST", "/v1/annotation-results/{resultId}/approve", ANNOTATION_REVIEW),
            route("POST", "/v1/annotation-results/{resultId}/reject", ANNOTATION_REVIEW),
            route("GET", "/v1/simulation-scenarios", SIMULATION_READ),
            route("GET", "/v1/simulation-scenarios/{scenarioId}", SIMULATION_READ),
            route("POST", "/v1/simulation-scenarios/import", SIMULATION_RUN),
            route("POST", "/v1/simulation-scenarios", SIMULATION_RUN),
            route("PUT", "/v1/simulation-scenarios/{scenarioId}", SIMULATION_RUN),
            route("GET", "/v1/simulation-tasks", SIMULATION_READ),
            route("GET", "/v1/simulation-tasks/{taskId}", SIMULATION_READ),
            route("POST", "/v1/simulation-tasks", SIMULATION_RUN),
            route("POST", "/v1/simulation-tasks/{taskId}/cancel", SIMULATION_RUN),
            route("GET", "/v1/lineage/{nodeId}", LINEAGE_READ),
            route("GET", "/v1/closed-loop/kpi", KPI_READ),
            route("GET", "/v1/closed-loop/kpi/chart.svg", KPI_READ),
            route("GET", "/v1/closed-loop/kpi/{decisionId}", KPI_READ),
            route("GET", "/v1/release-tasks", RELEASE_READ),
            route("GET", "/v1/release-tasks/{taskId}", RELEASE_READ),
            route("GET", "/v1/release-tasks/{taskId}/batches", RELEASE_READ),
            // release progress
            route("GET", "/v1/release-tasks/{taskId}/progress", RELEASE_READ),
            route("GET", "/v1/release-tasks/{taskId}/progress.svg", RELEASE_READ),
            route("POST", "/v1/release-tasks", RELEASE_MANAGE),
            route("POST", "/v1/release-tasks/{taskId}/start", RELEASE_MANAGE),
            route("POST", "/v1/release-tasks/{taskId}/batches/{batchIndex}/start", RELEASE_MANAGE),
            route("POST", "/v1/release-tasks/{taskId}/pause", RELEASE_MANAGE),
            route("POST", "/v1/release-tasks/{taskId}/resume", RELEASE_MANAGE),
            route("POST", "/v1/release-tasks/{taskId}/rollback", RELEASE_MANAGE),
            // devices
            route("GET", "/v1/devices", DEVICE_READ),
            route("GET", "/v1/devices/{deviceId}", DEVICE_READ),
            route("GET", "/v1/devices/{deviceId}/actions", DEVICE_READ),
            route("POST", "/v1/devices", DEVICE_MANAGE),
            route("POST", "/v1/devices/bulk", DEVICE_MANAGE),
            route("PUT", "/v1/devices/{deviceId}/attributes", DEVICE_MANAGE),
            route("POST", "/v1/devices/{deviceId}/token", DEVICE_MANAGE),
            route("DELETE", "/v1/devices/{deviceId}/token", DEVICE_MANAGE),
            route("POST", "/v1/ota/gateway-token", DEVICE_MANAGE),
            route("DELETE", "/v1/ota/gateway-token", DEVICE_MANAGE),
            route("GET", "/v1/ota/polling-config", DEVICE_READ),
            route("PUT", "/v1/ota/polling-config", DEVICE_MANAGE),
            // behaviour: problem samples and feedback decisions
            route("GET", "/v1/problem-samples", BEHAVIOR_READ),
            route("GET", "/v1/problem-samples/{sampleId}", BEHAVIOR_READ),
            route("GET", "/v1/feedback-decisions/{decisionId}", BEHAVIOR_READ),
            route("POST", "/v1/problem-samples", BEHAVIOR_WRITE),
            route("POST", "/v1/problem-samples/export-to-annotation", BEHAVIOR_WRITE),
            route("POST", "/v1/problem-samples/trigger-backfill", BACKFILL_TRIGGER),
            // behaviour sessions
            route("GET", "/v1/behavior-sessions", BEHAVIOR_SESSION_READ),
            route("GET", "/v1/behavior-sessions/{sessionId}", BEHAVIOR_SESSION_READ),
            route("GET", "/v1/behavior-sessions/{sessionId}/aligned-data", BEHAVIOR_SESSION_READ),
            route("GET", "/v1/behavior-sessions/{sessionId}/replay", BEHAVIOR_SESSION_READ),
            route("POST", "/v1/behavior-sessions/{sessionId}/replay/{replayId}", BEHAVIOR_SESSION_READ),
            route("GET", "/v1/behavior-sessions/{sessionId}/export.mcap", BEHAVIOR_SESSION_EXPORT),
            route("POST", "/v1/behavior-sessions", BEHAVIOR_SESSION_CREATE),
            // vehicle log batches (seed 004)
            route("GET", "/api/v1/batches", LOG_BATCH_READ),
            route("GET", "/api/v1/batches/{batchId}", LOG_BATCH_READ),
            route("GET", "/api/v1/batches/{batchId}/uploads/{fileId}", LOG_BATCH_READ),
            route("GET", "/api/v1/batches/{batchId}/report", LOG_BATCH_READ),
            route("GET", "/api/v1/batches/{batchId}/report/charts/{chart}.svg", LOG_BATCH_READ),
            route("GET", "/api/v1/reports", LOG_BATCH_READ),
            route("POST", "/api/v1/batches", LOG_BATCH_WRITE),
            route("POST", "/api/v1/batches/{batchId}/upload", LOG_BATCH_WRITE),
            route("POST", "/api/v1/batches/{batchId}/complete", LOG_BATCH_WRITE),
            route("GET", "/v1/audit-records/export", AUDIT_EXPORT),
            route("GET", "/v1/audit-records", AUDIT_READ),
            route("GET", "/v1/audit/aggregates/{aggregateId}/events", AUDIT_READ),
            route("GET", "/v1/audit/aggregates/{aggregateId}/state", AUDIT_READ),
            route("GET", "/v1/governance/masking-rules", GOVERNANCE_READ),
            // workflow definitions, operators, AI models
            route("GET", "/v1/operators", WORKFLOW_READ),
            route("GET", "/v1/operators/{operatorId}", WORKFLOW_READ),
            route("POST", "/v1/operators", WORKFLOW_WRITE),
            route("POST", "/v1/operators/{operatorId}/versions", WORKFLOW_WRITE),
            route("GET", "/v1/ai-models", WORKFLOW_READ),
            route("POST", "/v1/ai-models", WORKFLOW_WRITE),
            route("POST", "/v1/ai-models/{modelId}/check", WORKFLOW_WRITE),
            route("GET", "/v1/workflows", WORKFLOW_READ),
            route("GET", "/v1/workflows/{workflowId}", WORKFLOW_READ),
            route("GET", "/v1/workflows/{workflowId}/revisions/diff", WORKFLOW_READ),
            route("GET", "/v1/workflows/{workflowId}/revisions/{number}", WORKFLOW_READ),
            route("GET", "/v1/workflows/{workflowId}/requested-runs", WORKFLOW_READ),
            route("POST", "/v1/workflows", WORKFLOW_WRITE),
            route("POST", "/v1/workflows/{workflowId}/revisions", WORKFLOW_WRITE),
            route("POST", "/v1/workflows/{workflowId}/enable", WORKFLOW_WRITE),
            route("POST", "/v1/workflows/{workflowId}/disable", WORKFLOW_WRITE),
            route("POST", "/v1/workflows/{workflowId}/runs", WORKFLOW_RUN),
            // metering, quotas and settlement
            route("GET", "/v1/price-list", BILLING_READ),
            route("PUT", "/v1/price-list", BILLING_MANAGE),
            route("GET", "/v1/quotas", BILLING_READ),
            route("PUT", "/v1/quotas/{resource}", BILLING_MANAGE),
            route("GET", "/v1/billing/lines", BILLING_READ),
            route("GET", "/v1/billing/account", BILLING_READ),
            route("POST", "/v1/billing/credits", BILLING_MANAGE),
            route("PUT", "/v1/billing/policy", BILLING_MANAGE),
            route("GET", "/v1/cost-dashboard", BILLING_READ),
            route("GET", "/v1/cost-dashboard/roi", BILLING_READ),
            route("GET", "/v1/cost-dashboard/chart.svg", BILLING_READ),
            // diagnosis: the knowledge base (seed 004)
            route("GET", "/api/v1/knowledge-base/entries", KNOWLEDGE_READ),
            route("GET", "/api/v1/knowledge-base/entries/{entryId}", KNOWLEDGE_READ),
            route("POST", "/api/v1/knowledge-base/search", KNOWLEDGE_READ),
            route("POST", "/api/v1/knowledge-base/entries", KNOWLEDGE_MANAGE),
            route("PUT", "/api/v1/knowledge-base/entries/{entryId}", KNOWLEDGE_MANAGE),
            route("DELETE", "/api/v1/knowledge-base/entries/{entryId}", KNOWLEDGE_MANAGE),
            route("POST", "/v1/admin/tokens", TOKEN_ISSUE),
            route("GET", "/v1/admin/processors", PROCESSOR_READ),
            route("GET", "/v1/admin/processors/{name}", PROCESSOR_READ),
            route("POST", "/v1/admin/processors/{name}/reset", PROCESSOR_MANAGE),
            route("POST", "/v1/admin/processors/{name}/segments/{segmentId}/split", PROCESSOR_MANAGE),
            route("POST", "/v1/admin/processors/{name}/segments/{segmentId}/merge", PROCESSOR_MANAGE),
            route("GET", "/v1/admin/dead-letters", PROCESSOR_READ),
            route("POST", "/v1/admin/dead-letters/{name}/retry", PROCESSOR_MANAGE),
            route("DELETE", "/v1/admin/dead-letters/{name}/{sequenceId}", PROCESSOR_MANAGE),
            route("GET", "/v1/admin/sagas", SAGA_READ));

    /** Top-level GraphQL fields (Query and Mutation) and what each needs. */
    public static final Map<String, Permission> GRAPHQL_FIELDS = ordered(
            "Query.assets", ASSET_READ,
            "Query.asset", ASSET_READ,
            "Query.ingestionTask", INGESTION_READ,
            "Query.auditRecords", AUDIT_READ,
            "Query.lineage", LINEAGE_READ,
            "Query.releaseTasks", RELEASE_READ,
            "Query.releaseTask", RELEASE_READ,
            "Query.devices", DEVICE_READ,
            "Query.device", DEVICE_READ);

    public static final Map<Role, Set<Permission>> GRANTS = grants();

    private AccessMatrix() {
    }

    private static Map<Role, Set<Permission>> grants() {
        Map<Role, Set<Permission>> grants = new EnumMap<>(Role.class);
        grants.put(Role.PLATFORM_ADMIN, EnumSet.allOf(Permission.class));
        grants.put(Role.DATA_ENGINEER, EnumSet.of(SELF, DATASOURCE_READ, DATASOURCE_WRITE, CREDENTIALS_READ, CREDENTIALS_WRITE,
                INGESTION_READ, INGESTION_RUN, ASSET_READ, ASSET_TAG, ASSET_EXPORT, DATAFLOW_READ, DATAFLOW_WRITE, ANNOTATION_READ, DATASET_EXPORT, LINEAGE_READ, KPI_READ, AUDIT_READ, GOVERNANCE_READ, BEHAVIOR_READ,
                BILLING_READ, WORKFLOW_READ, WORKFLOW_WRITE, WORKFLOW_RUN, KNOWLEDGE_READ, LOG_BATCH_READ, LOG_BATCH_WRITE));
        grants.put(Role.ANNOTATION_MANAGER, EnumSet.of(SELF, DATASOURCE_READ, INGESTION_READ, ASSET_READ, ASSET_TAG, ASSET_EXPORT,
                DATAFLOW_READ, DATAFLOW_WRITE, ANNOTATION_READ, ANNOTATION_MANAGE, ANNOTATION_EDIT, DATASET_EXPORT, LINEAGE_READ, KPI_READ, GOVERNANCE_READ,
                BEHAVIOR_READ, BILLING_READ));
        grants.put(Role.QC_REVIEWER, EnumSet.of(SELF, ASSET_READ, ANNOTATION_READ, ANNOTATION_REVIEW, GOVERNANCE_READ));
        grants.put(Role.ALGORITHM_ENGINEER, EnumSet.of(SELF, DATASOURCE_READ, INGESTION_READ, ASSET_READ, ASSET_TAG, ASSET_EXPORT,
                DATAFLOW_READ, ANNOTATION_READ, DATASET_EXPORT, LINEAGE_READ, KPI_READ, RELEASE_READ, DEVICE_READ, GOVERNANCE_READ,
                BEHAVIOR_READ, BEHAVIOR_WRITE, BACKFILL_TRIGGER,
                BEHAVIOR_SESSION_READ, BEHAVIOR_SESSION_CREATE, BEHAVIOR_SESSION_EXPORT, WORKFLOW_READ, WORKFLOW_RUN, KNOWLEDGE_READ, KNOWLEDGE_MANAGE,
                SIMULATION_READ, LOG_BATCH_READ, LOG_BATCH_WRITE));
        grants.put(Role.SIMULATION_ENGINEER, EnumSet.of(SELF, ASSET_READ, ASSET_TAG, ASSET_EXPORT, ANNOTATION_READ, LINEAGE_READ, GOVERNANCE_READ,
                SIMULATION_READ, SIMULATION_RUN, ANNOTATION_MANAGE, BILLING_READ));
        grants.put(Role.OTA_OPERATOR, EnumSet.of(SELF, ASSET_READ, KPI_READ, RELEASE_READ, RELEASE_MANAGE, DEVICE_READ, DEVICE_MANAGE, GOVERNANCE_READ));
        grants.put(Role.AUDITOR, EnumSet.of(SELF, DATASOURCE_READ, CREDENTIALS_READ, INGESTION_READ, ASSET_READ, ASSET_EXPORT,
                DATAFLOW_READ, ANNOTATION_READ, LINEAGE_READ, KPI_READ, RELEASE_READ, DEVICE_READ, AUDIT_READ, AUDIT_EXPORT, GOVERNANCE_READ,
                BEHAVIOR_READ, BEHAVIOR_SESSION_READ, BILLING_READ, WORKFLOW_READ, KNOWLEDGE_READ, SIMULATION_READ, LOG_BATCH_READ));
        return Map.copyOf(grants);
    }

    public static Optional<Route> route(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return ROUTES.stream().filter(r -> r.method().matches(method) && r.parsed().matches(container)).findFirst();
    }

    public static boolean allows(Collection<Role> roles, Permission permission) {
        return roles.stream().anyMatch(role -> GRANTS.getOrDefault(role, Set.of()).contains(permission));
    }

    public static Set<Permission> permissionsOf(Collection<Role> roles) {
        EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
        roles.forEach(role -> all.addAll(GRANTS.getOrDefault(role, Set.of())));
        return all;
    }

    /** The matrix as the Markdown of {@code docs/permissions.md}. */
    public static String markdown() {
        List<Role> roles = Arrays.asList(Role.values());
        StringBuilder md = new StringBuilder();
        md.append("# Permissions\n\n")
                .append("Generated from `platform/src/main/java/io/fleetloop/platform/security/AccessMatrix.java` ")
                .append("(a test fails when this file and the code differ; regenerate with ")
                .append("`./mvnw -pl platform test -Dtest=AccessMatrixTest -Dfleetloop.docs.write=true`).\n")
                .append("Every `/v1` call and `/graphql` needs a valid bearer token (401 otherwise); a role without the ")
                .append("permission gets 403. Anything not listed is denied. Everything is within the caller's tenant.\n\n")
                .append("## Endpoints\n\n| Endpoint | Permission | ")
                .append(roles.stream().map(Role::name).collect(Collectors.joining(" | "))).append(" |\n|---|---|")
                .append("---|".repeat(roles.size())).append('\n');
        for (Route route : ROUTES) {
            row(md, "`" + route.method().name() + " " + route.pattern() + "`", route.permission(), roles);
        }
        GRAPHQL_FIELDS.forEach((field, permission) -> row(md, "GraphQL `" + field + "`", permission, roles));
        md.append("\n## Permissions\n\n| Permission | Meaning |\n|---|---|\n");
        for (Permission permission : Permission.values()) {
            md.append("| ").append(permission.name()).append(" | ").append(permission.description()).append(" |\n");
        }
        md.append("\n## Role levels (masking)\n\nA masking rule names the lowest level that reads a field in the clear ")
                .append("(see `masking.md`); a user's level is the highest of their roles.\n\n| Role | Level |\n|---|---|\n");
        for (Role role : roles) {
            md.append("| ").append(role.name()).append(" | ").append(role.level()).append(" |\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String endpoint, Permission permission, List<Role> roles) {
        md.append("| ").append(endpoint).append(" | ").append(permission.name()).append(" | ");
        for (Role role : roles) {
            md.append(GRANTS.get(role).contains(permission) ? "✔" : " ").append(" | ");
        }
        md.setLength(md.length() - 1);
        md.append('\n');
    }

    private static Route route(String method, String pattern, Permission permission) {
        return new Route(HttpMethod.valueOf(method), pattern, permission);
    }

    private static Map<String, Permission> ordered(Object... pairs) {
        Map<String, Permission> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], (Permission) pairs[i + 1]);
        return Collections.unmodifiableMap(map);
    }
}
