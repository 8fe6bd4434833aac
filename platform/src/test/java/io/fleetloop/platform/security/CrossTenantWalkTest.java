package io.fleetloop.platform.security;

import io.fleetloop.platform.behavior.BackfillStandIns;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorRef;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.WorkflowDag;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRequestedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;

/**
 * Walks every endpoint of the platform (the routes of {@link AccessMatrix}, which {@link AccessMatrixTest} proves
 * are all of them) and every GraphQL field as a platform admin of another tenant, aimed at tenant A's resources:
 * nothing of A comes back, nothing of A changes.
 */
class CrossTenantWalkTest {

    /** What a write aimed at A's resources sends; a new write endpoint fails this test until it is listed. */
    private static final Set<String> MAY_CREATE_OWN = Set.of("PUT /v1/credentials/{name}", "POST /v1/datasources", "POST /v1/data-flows",
            "POST /v1/devices", "POST /v1/devices/bulk", "PUT /v1/ota/polling-config", "POST /v1/ota/gateway-token",
            "DELETE /v1/ota/gateway-token", "POST /v1/workflows", "POST /v1/operators", "POST /v1/ai-models",
            // the caller's own tenant account (the tenant comes from the token)
            "PUT /v1/price-list", "PUT /v1/quotas/{resource}", "POST /v1/billing/credits", "PUT /v1/billing/policy",
            // the caller's own tenant's scene-mining rules
            "PUT /v1/scene-mining/rules",
            // the caller's own knowledge base: a new entry of B; a search (a read sent as POST) answered from B's entries only
            "POST /api/v1/knowledge-base/entries", "POST /api/v1/knowledge-base/search",
            // the caller's own scenarios
            "POST /v1/simulation-scenarios", "POST /v1/simulation-scenarios/import",
            // a log batch of the caller's own tenant
            "POST /api/v1/batches");

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenantA = "walk-a-" + suffix;
    private final String tenantB = "walk-b-" + suffix;

    @Test
    void anAdminOfAnotherTenantGetsNothingOfAAndChangesNothingOfA() {
        Api a = platform.api(tenantA);
        SourceBucket bucket = new SourceBucket("walk-" + suffix);
        bucket.put("drive/1.bin", SourceBucket.randomBytes(2048, 31));
        bucket.put("drive/2.bin", SourceBucket.randomBytes(2048, 32));
        Ingestions.storeCredentials(a, "keys");
        String sourceName = "secret-source-" + suffix;
        String sourceId = Ingestions.createSource(a, sourceName, bucket.name(), "drive", "keys");
        String taskId = Ingestions.createTask(a, sourceId, "**", "landing-" + suffix, "CAMERA");
        Ingestions.start(a, taskId);
        assertThat(Ingestions.awaitEnd(a, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> a.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == 2);
        JsonNode asset = a.get("/v1/assets?sourceId=" + sourceId).json("/items/0");
        String assetId = asset.path("assetId").asText();
        // Never shown to B: what only A knows. A's ids B itself sends may come back only in B's own audit records.
        List<String> secrets = List.of(tenantA, asset.path("sha256").asText(), asset.path("storagePath").asText(), "alice@" + tenantA);
        List<String> ids = new ArrayList<>(List.of(sourceId, taskId, assetId));
        int taskHistory = a.get("/v1/audit/aggregates/" + taskId + "/events").json("/events").size();

        Api.Response annotation = platform.api(tenantA, Role.ANNOTATION_MANAGER).post("/v1/annotation-tasks", Map.of("name", "a-boxes",
                "assetIds", List.of(assetId), "annotationType", "BOX_3D"));
        assertThat(annotation.status()).as(annotation.raw()).isEqualTo(201);
        String annotationTaskId = annotation.json("/taskId").asText();
        ids.add(annotationTaskId);
        Api simulation = platform.api(tenantA, Role.SIMULATION_ENGINEER);
        Api.Response scenario = simulation.post("/v1/simulation-scenarios", Map.of("name", "a-cut-in", "scenarioType", "CUT_IN",
                "scenarioParams", Map.of("egoSpeed", Map.of("min", 10, "max", 12, "unit", "m/s"))));
        assertThat(scenario.status()).as(scenario.raw()).isEqualTo(201);
        String scenarioId = scenario.json("/scenarioId").asText();
        Api.Response simulationTask = simulation.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 1, "seed", 1));
        assertThat(simulationTask.status()).as(simulationTask.raw()).isEqualTo(202);
        String simulationTaskId = simulationTask.json("/taskId").asText();
        ids.add(scenarioId);
        ids.add(simulationTaskId);
        String deviceId = "walk-car-" + suffix;
        Api.Response device = platform.api(tenantA, Role.OTA_OPERATOR).post("/v1/devices", Map.of("deviceId", deviceId, "deviceType", "vehicle",
                "attributes", Map.of("owner", "a")));
        assertThat(device.status()).as(device.raw()).isEqualTo(201);

        String releaseId = createRelease(tenantA);
        ids.add(releaseId);
        // A closed loop of A (STAND-IN behaviour events published on the event bus; see BackfillStandIns).
        String decisionId = "decision-" + UUID.randomUUID();
        BackfillStandIns loop = new BackfillStandIns(platform, tenantA);
        loop.session("session-" + decisionId, "car-1", List.of(assetId), java.time.Instant.parse("2026-06-01T08:00:00Z"),
                java.time.Instant.parse("2026-06-01T08:30:00Z"));
        loop.sample("sample-" + decisionId, "session-" + decisionId, List.of(), java.time.Instant.parse("2026-06-01T09:00:00Z"));
        loop.decision(decisionId, List.of("sample-" + decisionId), java.time.Instant.parse("2026-06-01T09:05:00Z"));
        ids.add(decisionId);
        String sessionId = "session-" + decisionId;
        Api.Response mining = a.post("/v1/scene-mining", Map.of("assetIds", List.of(assetId)));
        assertThat(mining.status()).as(mining.raw()).isEqualTo(202);
        String miningJobId = mining.json("/jobId").asText();
        ids.add(miningJobId);
        // A workflow run of A (STAND-IN for POST /v1/workflows/{id}/runs: the event the Workflow aggregate emits).
        String runId = UUID.randomUUID().toString();
        platform.bean(org.axonframework.eventhandling.gateway.EventGateway.class).publish(new WorkflowRunRequestedEvent(new WorkflowId("walk-wf"),
                tenantA, new WorkflowRunId(runId), 1, new WorkflowDag(List.of(new WorkflowNode("only", new OperatorRef("noop", 1,
                OperatorKind.BUILTIN, Map.of("job", "noop")), Map.of(), List.of(), Map.of(), null, null, null))), Map.of(),
                RunTrigger.manual("alice"), java.time.Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() -> a.get("/v1/workflow-runs/" + runId).json("/status").asText().equals("SUCCEEDED"));
        ids.add(runId);
        String sampleId = "sample-" + decisionId;

        // A's workflow (with an operator of A in it) and AI model
        Api.Response aiModel = a.post("/v1/ai-models", Map.of("name", "a-model", "baseUrl", "http://127.0.0.1:9/v1", "model", "a-llm"));
        assertThat(aiModel.status()).as(aiModel.raw()).isEqualTo(201);
        String modelId = aiModel.json("/modelId").asText();
        Api.Response operator = a.post("/v1/operators", Map.of("name", "a-http", "kind", "HTTP", "spec", Map.of("url", "http://127.0.0.1:9/a"),
                "outputs", List.of("out")));
        assertThat(operator.status()).as(operator.raw()).isEqualTo(201);
        String operatorId = operator.json("/operatorId").asText();
        Api.Response workflow = a.post("/v1/workflows", Map.of("name", "a-flow", "nodes", List.of(Map.of("nodeId", "call", "operatorId", operatorId))));
        assertThat(workflow.status()).as(workflow.raw()).isEqualTo(201);
        String workflowId = workflow.json("/workflowId").asText();
        ids.addAll(List.of(modelId, operatorId, workflowId));
        // A knowledge-base entry of A (diagnosis), searchable before B walks.
        Api kbA = platform.api(tenantA, Role.ALGORITHM_ENGINEER);
        Map<String, Object> kbEntry = new HashMap<>(Map.of("errorCode", "WALK-E1", "title", "Walk secret brake fault " + suffix,
                "symptoms", "brake fault seen on the walk", "causes", "walk cause", "fixes", "walk fix", "vehiclePlatforms", List.of("J7"),
                "firmwareRange", "*"));
        Api.Response kbCreated = kbA.post("/api/v1/knowledge-base/entries", kbEntry);
        assertThat(kbCreated.status()).as(kbCreated.raw()).isEqualTo(201);
        String entryId = kbCreated.json("/entryId").asText();
        ids.add(entryId);
        await().atMost(Duration.ofSeconds(120)).until(() -> kbA.get("/api/v1/knowledge-base/entries").json("/total").asInt() == 1);
        Api.Response logBatch = a.post("/api/v1/batches", Map.of("vehicleId", "walk-car", "vehiclePlatform", "J7", "firmwareVersion", "1.0"));
        assertThat(logBatch.status()).as(logBatch.raw()).isEqualTo(201);
        String logBatchId = logBatch.json("/batchId").asText();
        ids.add(logBatchId);

        Api b = platform.as("mallory", List.of(tenantB), Role.PLATFORM_ADMIN);
        Map<String, String> pathValues = new HashMap<>(Map.of("sourceId", sourceId, "taskId", taskId, "assetId", assetId, "name", "keys",
                "resultId", UUID.randomUUID().toString(), "queue", "DONE", "nodeId", assetId, "batchIndex", "1",
                "deviceId", deviceId, "decisionId", decisionId));
        pathValues.put("uploadId", UUID.randomUUID().toString());
        pathValues.put("sessionId", sessionId);
        pathValues.put("sampleId", sampleId);
        pathValues.put("replayId", UUID.randomUUID().toString());
        pathValues.put("resource", "ingested-bytes");
        pathValues.put("workflowId", workflowId);
        pathValues.put("operatorId", operatorId);
        pathValues.put("modelId", modelId);
        pathValues.put("number", "1");
        pathValues.put("runId", runId);
        pathValues.put("attempt", "1");
        pathValues.put("batchId", logBatchId);
        pathValues.put("fileId", "f1");
        pathValues.put("chart", "timeline");
        // processors are platform-wide ({name} is "keys": no such processor, so B's calls change nothing); dead letters are per tenant
        pathValues.put("segmentId", "0");
        pathValues.put("sequenceId", assetId);
        pathValues.put("jobId", miningJobId);
        pathValues.put("entryId", entryId);
        pathValues.put("scenarioId", scenarioId);
        Map<String, Object> writes = new HashMap<>();
        writes.put("POST /v1/datasources", Map.of("name", sourceName, "protocolType", "S3", "connectorConfig",
                Map.of("endpoint", "http://127.0.0.1:9", "bucket", bucket.name(), "prefix", "drive", "credentialsRef", "keys")));
        writes.put("PUT /v1/credentials/{name}", Map.of("accessKey", "mallory", "secretKey", "mallory-secret"));
        writes.put("POST /v1/ingestion-tasks", Map.of("sourceId", sourceId,
                "ingestionRule", Map.of("includePattern", "**", "targetPath", "stolen", "modality", "CAMERA")));
        writes.put("POST /v1/ingestion-tasks/{taskId}/start", Map.of());
        writes.put("POST /v1/ingestion-tasks/{taskId}/stop", Map.of());
        writes.put("POST /v1/ingestion-tasks/{taskId}/uploads", Map.of("fileName", "stolen.bin", "size", 1, "sha256", "0".repeat(64)));
        writes.put("POST /v1/ingestion-tasks/{taskId}/uploads/{uploadId}/complete", Map.of());
        writes.put("DELETE /v1/ingestion-tasks/{taskId}/uploads/{uploadId}", Map.of());
        writes.put("PUT /v1/assets/{assetId}/tags", Map.of("sceneTags", List.of("stolen")));
        writes.put("POST /v1/scene-mining", Map.of("assetIds", List.of(assetId)));
        writes.put("POST /v1/scene-mining/{jobId}/cancel", Map.of());
        writes.put("PUT /v1/scene-mining/rules", Map.of("version", 1, "tags", List.of(Map.of("tag", "stolen", "when", "true"))));
        writes.put("POST /v1/data-flows", Map.of("name", "b-flow", "flowRule", Map.of("sourceId", sourceId),
                "action", Map.of("type", "ANNOTATE", "annotationType", "BOX_2D")));
        writes.put("POST /v1/annotation-tasks", Map.of("name", "stolen", "assetIds", List.of(assetId), "annotationType", "BOX_3D"));
        writes.put("POST /v1/annotation-tasks/{taskId}/run-prelabeling", Map.of());
        writes.put("POST /v1/simulation-scenarios", Map.of("name", "b-own", "scenarioType", "CUT_IN",
                "scenarioParams", Map.of("egoSpeed", Map.of("min", 1, "max", 2, "unit", "m/s"))));
        writes.put("POST /v1/simulation-scenarios/import", Map.of());
        writes.put("PUT /v1/simulation-scenarios/{scenarioId}", Map.of("scenarioParams", Map.of("egoSpeed", Map.of("min", 1, "max", 2))));
        writes.put("POST /v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 1, "seed", 1));
        writes.put("POST /v1/simulation-tasks/{taskId}/cancel", Map.of());
        writes.put("PUT /v1/annotation-results/{resultId}", Map.of("labels", List.of()));
        writes.put("POST /v1/annotation-results/{resultId}/approve", Map.of());
        writes.put("POST /v1/annotation-results/{resultId}/reject", Map.of("reason", "stolen"));
        writes.put("POST /v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", "v9", "targetDeviceType", "vehicle",
                "artifactUri", asset.path("storagePath").asText(), "grayPolicy", Map.of("batchPercentages", List.of(100))));
        writes.put("POST /v1/release-tasks/{taskId}/pause", Map.of());
        writes.put("POST /v1/release-tasks/{taskId}/start", Map.of("deviceIds", List.of("car-1")));
        writes.put("POST /v1/release-tasks/{taskId}/batches/{batchIndex}/start", Map.of());
        writes.put("POST /v1/release-tasks/{taskId}/resume", Map.of());
        writes.put("POST /v1/release-tasks/{taskId}/rollback", Map.of());
        writes.put("POST /v1/devices", Map.of("deviceId", "mallory-car-1", "deviceType", "vehicle"));
        writes.put("POST /v1/devices/bulk", List.of(Map.of("deviceId", "mallory-car-2", "deviceType", "vehicle")));
        writes.put("PUT /v1/devices/{deviceId}/attributes", Map.of("mode", "replace", "data", Map.of("owner", "mallory")));
        writes.put("PUT /v1/ota/polling-config", Map.of("sleep", "PT1H", "activeSleep", "PT1H"));
        writes.put("POST /v1/devices/{deviceId}/token", Map.of("securityToken", "mallory-knows-this-token"));
        writes.put("DELETE /v1/devices/{deviceId}/token", Map.of());
        writes.put("POST /v1/ota/gateway-token", Map.of("securityToken", "mallory-gateway-token"));
        writes.put("DELETE /v1/ota/gateway-token", Map.of());
        writes.put("POST /v1/behavior-sessions", Map.of("name", "stolen", "assetIds", List.of(assetId)));
        writes.put("POST /v1/behavior-sessions/{sessionId}/replay/{replayId}", Map.of("action", "pause"));
        writes.put("POST /v1/problem-samples", Map.of("sessionId", sessionId, "problemType", "PERCEPTION", "severity", "LOW",
                "rootCauseSegment", Map.of("from", "2026-06-01T08:01:00Z", "to", "2026-06-01T08:02:00Z", "channels", List.of())));
        writes.put("POST /v1/problem-samples/export-to-annotation", Map.of("sampleIds", List.of(sampleId), "annotationType", "BOX_2D"));
        writes.put("POST /v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId)));
        writes.put("PUT /v1/price-list", Map.of("prices", List.of(Map.of("resource", "ingested-bytes", "unit", "byte", "unitPrice", 0))));
        writes.put("PUT /v1/quotas/{resource}", Map.of("limit", 1, "period", "DAY"));
        writes.put("POST /v1/billing/credits", Map.of("amount", 1, "reference", "mallory"));
        writes.put("PUT /v1/billing/policy", Map.of("stopDispatchWhenExhausted", false));
        writes.put("POST /v1/admin/processors/{name}/reset", Map.of("from", "beginning"));
        writes.put("POST /v1/admin/processors/{name}/segments/{segmentId}/split", Map.of());
        writes.put("POST /v1/admin/processors/{name}/segments/{segmentId}/merge", Map.of());
        writes.put("POST /v1/admin/dead-letters/{name}/retry", Map.of());
        writes.put("DELETE /v1/admin/dead-letters/{name}/{sequenceId}", Map.of());
        writes.put("POST /v1/operators", Map.of("name", "b-http", "kind", "HTTP", "spec", Map.of("url", "http://127.0.0.1:9/b")));
        writes.put("POST /v1/operators/{operatorId}/versions", Map.of("spec", Map.of("url", "http://127.0.0.1:9/stolen"), "outputs", List.of("out")));
        writes.put("POST /v1/ai-models", Map.of("name", "b-model", "baseUrl", "http://127.0.0.1:9/v1", "model", "b-llm"));
        writes.put("POST /v1/ai-models/{modelId}/check", Map.of());
        writes.put("POST /v1/workflows", Map.of("name", "b-flow", "nodes", List.of(Map.of("nodeId", "n", "operatorId", "builtin:noop"))));
        writes.put("POST /v1/workflows/{workflowId}/revisions", Map.of("name", "stolen", "nodes", List.of(Map.of("nodeId", "n", "operatorId", "builtin:noop"))));
        writes.put("POST /v1/workflows/{workflowId}/enable", Map.of());
        writes.put("POST /v1/workflows/{workflowId}/disable", Map.of());
        writes.put("POST /v1/workflows/{workflowId}/runs", Map.of("inputs", Map.of()));
        writes.put("POST /v1/workflow-runs/{runId}/cancel", Map.of());
        writes.put("POST /v1/workflow-runs/{runId}/rerun", Map.of());
        writes.put("POST /api/v1/batches", Map.of("vehicleId", "mallory-car", "vehiclePlatform", "J7", "firmwareVersion", "1.0"));
        writes.put("POST /api/v1/batches/{batchId}/upload", Map.of());
        writes.put("POST /api/v1/batches/{batchId}/complete", Map.of());
        writes.put("POST /v1/admin/tokens", Map.of("subject", "mallory", "tenants", List.of(tenantA), "roles", List.of("PLATFORM_ADMIN")));
        writes.put("POST /api/v1/knowledge-base/entries", Map.of("errorCode", "MAL-E1", "title", "mallory", "symptoms", "s", "fixes", "f",
                "vehiclePlatforms", List.of("J7"), "firmwareRange", "*"));
        writes.put("PUT /api/v1/knowledge-base/entries/{entryId}", Map.of("errorCode", "WALK-E1", "title", "stolen", "symptoms", "s",
                "fixes", "f", "vehiclePlatforms", List.of("J7"), "firmwareRange", "*"));
        writes.put("DELETE /api/v1/knowledge-base/entries/{entryId}", Map.of());
        writes.put("POST /api/v1/knowledge-base/search", Map.of("query", "Walk secret brake fault " + suffix, "vehiclePlatform", "J7",
                "firmwareVersion", "2.0.0", "size", 10));

        List<String> leaks = new ArrayList<>();
        for (AccessMatrix.Route route : AccessMatrix.ROUTES) {
            String key = route.method().name() + " " + route.pattern();
            if (key.equals("POST /graphql")) continue;
            List<String> paths = new ArrayList<>();
            if (route.pattern().contains("{aggregateId}")) {
                for (String id : ids) paths.add(route.pattern().replace("{aggregateId}", id));
            } else {
                String path = route.pattern();
                if (path.startsWith("/v1/annotation-tasks/")) path = path.replace("{taskId}", annotationTaskId);
                if (path.startsWith("/v1/release-tasks/")) path = path.replace("{taskId}", releaseId);
                if (path.startsWith("/v1/simulation-tasks/")) path = path.replace("{taskId}", simulationTaskId);
                for (var id : pathValues.entrySet()) path = path.replace("{" + id.getKey() + "}", id.getValue());
                assertThat(path).as("a value of A for every path variable of " + key).doesNotContain("{");
                paths.add(path);
            }
            for (String path : paths) {
                for (String query : queriesFor(route, sourceId, taskId, assetId)) {
                    boolean read = route.method().name().equals("GET");
                    assertThat(read || writes.containsKey(key)).as("a cross-tenant body for the write endpoint " + key).isTrue();
                    Api.Response response = b.send(route.method().name(), path + query, read ? null : writes.get(key));
                    int status = response.status();
                    boolean refused = status == 404 || status == 403 || status == 400;
                    if (!read && !refused && !MAY_CREATE_OWN.contains(key)) leaks.add(key + " accepted: " + status + " " + response.raw());
                    boolean audit = key.contains("/audit");
                    if (audit && status == 200) {
                        for (JsonNode item : response.body().path("items")) {
                            if (!item.path("operator").asText().equals("mallory")) leaks.add(key + query + " shows " + item);
                        }
                        if (response.contentType().contains("ndjson") || response.contentType().contains("csv")) {
                            for (String line : response.raw().split("\n")) {
                                if (ids.stream().anyMatch(line::contains) && !line.contains("mallory")) leaks.add(key + query + " shows " + line);
                            }
                        }
                    }
                    if (!audit && status == 200 && response.raw() != null) {
                        for (String id : ids) if (response.raw().contains(id)) leaks.add(key + query + " shows " + id + ": " + response.raw());
                    }
                    if (read && status != 200 && status != 404) leaks.add(key + " unexpected " + status + ": " + response.raw());
                    for (String secret : secrets) {
                        boolean suppliedByB = key.equals("POST /v1/admin/tokens") && secret.equals(tenantA);
                        if (!suppliedByB && response.raw() != null && response.raw().contains(secret)) leaks.add(key + query + " shows " + secret + ": " + response.raw());
                    }
                }
            }
        }
        String graph = """
                query($asset: ID!, $task: ID!, $source: ID!, $release: ID!, $device: ID!) {
                  asset(id: $asset) { assetId sha256 }
                  ingestionTask(id: $task) { taskId status }
                  assets(filter: {sourceId: $source}) { total items { assetId } }
                  everything: assets { total }
                  auditRecords(filter: {resourceId: $task}) { total items { operator } }
                  allAudit: auditRecords { total }
                  releaseTask(taskId: $release) { versionId }
                  releaseTasks { total }
                  device(deviceId: $device) { deviceId }
                  devices(attributes: [{key: "owner", value: "a"}]) { total }
                }""";
        Api.Response response = b.graphql(graph, Map.of("asset", assetId, "task", taskId, "source", sourceId, "release", releaseId,
                "device", deviceId));
        assertThat(response.json("/errors").isMissingNode() || response.json("/errors").isEmpty()).as(response.raw()).isTrue();
        assertThat(response.json("/data/asset").isNull()).isTrue();
        assertThat(response.json("/data/ingestionTask").isNull()).isTrue();
        assertThat(response.json("/data/releaseTask").isNull()).isTrue();
        assertThat(response.json("/data/releaseTasks/total").asInt()).isZero();
        assertThat(response.json("/data/device").isNull()).isTrue();
        assertThat(response.json("/data/devices/total").asInt()).isZero();
        for (String total : List.of("/data/assets/total", "/data/everything/total")) {
            assertThat(response.json(total).asInt()).as(total).isZero();
        }
        for (JsonNode record : response.json("/data/auditRecords/items")) assertThat(record.path("operator").asText()).isEqualTo("mallory");
        assertThat(b.get("/v1/assets").json("/total").asInt()).isZero();
        assertThat(b.get("/v1/devices?attr.owner=a").json("/total").asInt()).isZero();
        for (String secret : secrets) if (response.raw().contains(secret)) leaks.add("graphql shows " + secret);
        assertThat(leaks).isEmpty();

        // Nothing of A changed.
        assertThat(a.get("/v1/assets/" + assetId).json("/sceneTags")).isEmpty();
        assertThat(a.get("/v1/ingestion-tasks/" + taskId).json("/status").asText()).isEqualTo("COMPLETED");
        assertThat(a.get("/v1/audit/aggregates/" + taskId + "/events").json("/events").size()).isEqualTo(taskHistory);
        assertThat(a.get("/v1/datasources").json("/total").asInt()).isEqualTo(1);
        assertThat(a.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt()).isEqualTo(2);
        assertThat(platform.api(tenantA, Role.OTA_OPERATOR).get("/v1/release-tasks/" + releaseId).json("/status").asText()).isEqualTo("DRAFT");
        assertThat(a.get("/v1/devices/" + deviceId).json("/attributes/owner").asText()).isEqualTo("a");
        assertThat(a.get("/v1/devices").json("/total").asInt()).isEqualTo(1);
        Api.Response aFlow = a.get("/v1/workflows/" + workflowId);
        assertThat(aFlow.json("/state").asText()).isEqualTo("ENABLED");
        assertThat(aFlow.json("/currentRevision").asInt()).isEqualTo(1);
        assertThat(aFlow.json("/runsRequested").asInt()).isZero();
        assertThat(a.get("/v1/operators/" + operatorId).json("/versions").size()).isEqualTo(1);
        assertThat(a.get("/v1/ai-models").json("/items/0/checkedAt").isMissingNode()).isTrue();
        JsonNode entryOfA = kbA.get("/api/v1/knowledge-base/entries/" + entryId).body();
        assertThat(entryOfA.path("version").asInt()).isEqualTo(1);
        assertThat(entryOfA.path("retired").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.get("/api/v1/batches/" + logBatchId).status() == 200);
        assertThat(a.get("/api/v1/batches/" + logBatchId).json("/status").asText()).isEqualTo("pending");
        assertThat(a.get("/api/v1/batches").json("/total").asInt()).isEqualTo(1);
    }

    /** A release task of the tenant (its artifact in the tenant's part of the platform bucket), visible in the read model. */
    private String createRelease(String tenant) {
        Api operator = platform.api(tenant, Role.OTA_OPERATOR);
        byte[] artifact = SourceBucket.randomBytes(1024, 33);
        String bucket = platform.property("fleetloop.objectstore.bucket");
        String key = "tenants/" + tenant + "/models/walk.bin";
        try {
            SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(artifact), artifact.length, -1).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", "walk-1",
                "artifactUri", "s3://" + bucket + "/" + key, "targetDeviceType", "vehicle", "grayPolicy", Map.of("batchPercentages", List.of(100))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String releaseId = created.json("/taskId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("/v1/release-tasks/" + releaseId).status() == 200);
        return releaseId;
    }

    /** List endpoints are also asked with A's ids as filters. */
    private static List<String> queriesFor(AccessMatrix.Route route, String sourceId, String taskId, String assetId) {
        return switch (route.pattern()) {
            case "/v1/assets", "/v1/assets/export" -> List.of("", "?sourceId=" + sourceId, "?q=landing");
            case "/v1/audit-records", "/v1/audit-records/export" -> List.of("", "?resourceId=" + taskId, "?resourceId=" + assetId);
            case "/v1/ingestion-tasks" -> List.of("", "?sourceId=" + sourceId);
            case "/v1/audit/aggregates/{aggregateId}/state" -> List.of("?at=" + Instant.now());
            case "/v1/annotation-tasks/{taskId}/export" -> List.of("?format=kitti");
            case "/v1/cost-dashboard/chart.svg" -> List.of("?series=cost-by-context", "?series=cost-by-tenant");
            case "/v1/billing/lines", "/v1/cost-dashboard/roi" -> List.of("?from=2020-01-01");
            case "/v1/workflows/{workflowId}/revisions/diff" -> List.of("?from=1&to=1");
            case "/v1/admin/sagas" -> List.of("", "?type=AnnotationQcProcess", "?association=taskId:" + taskId);
            default -> List.of("");
        };
    }
}
