package io.fleetloop.platform.security;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import graphql.schema.GraphQLObjectType;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permission matrix is complete (every endpoint of the running platform has an entry, no entry is stale),
 * enforced for every endpoint × role on REST and GraphQL, and documented exactly as in code.
 */
class AccessMatrixTest {

    private static final Path DOC = Path.of("..", "docs", "permissions.md");

    /** One request per GraphQL top-level field; a new field fails the coverage check until it has one. */
    private static final Map<String, String> GRAPHQL_SAMPLES = Map.of(
            "Query.assets", "{ assets { total } }",
            "Query.asset", "{ asset(id: \"" + UUID.randomUUID() + "\") { assetId } }",
            "Query.ingestionTask", "{ ingestionTask(id: \"" + UUID.randomUUID() + "\") { status } }",
            "Query.auditRecords", "{ auditRecords { total } }",
            "Query.lineage", "{ lineage(nodeId: \"" + UUID.randomUUID() + "\") { root { id } } }",
            "Query.releaseTasks", "{ releaseTasks { total } }",
            "Query.releaseTask", "{ releaseTask(taskId: \"" + UUID.randomUUID() + "\") { status } }",
            "Query.devices", "{ devices { total } }",
            "Query.device", "{ device(deviceId: \"nobody\") { deviceId } }");

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "rbac-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void docsArePrintedFromTheMatrix() throws IOException {
        String generated = AccessMatrix.markdown();
        if (Boolean.getBoolean("fleetloop.docs.write")) Files.writeString(DOC, generated);
        assertThat(DOC).as("docs/permissions.md is generated from AccessMatrix; regenerate it").hasContent(generated);
    }

    @Test
    void everyEndpointOfThePlatformHasExactlyTheRoutesOfTheMatrix() {
        Set<String> served = new TreeSet<>();
        platform.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet().forEach(info ->
                info.getPatternValues().stream().filter(p -> p.startsWith("/v1/") || p.startsWith("/api/v1/")).forEach(pattern ->
                        info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + pattern))));
        served.add("POST /graphql");
        Set<String> matrix = AccessMatrix.ROUTES.stream().map(r -> r.method().name() + " " + r.pattern())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unlisted = new TreeSet<>(served);
        unlisted.removeAll(matrix);
        Set<String> stale = new TreeSet<>(matrix);
        stale.removeAll(served);
        assertThat(unlisted).as("endpoints served but missing from AccessMatrix").isEmpty();
        assertThat(stale).as("AccessMatrix routes no endpoint serves").isEmpty();

        Set<String> fields = new TreeSet<>();
        var schema = platform.bean(GraphQlSource.class).schema();
        for (GraphQLObjectType root : new GraphQLObjectType[]{schema.getQueryType(), schema.getMutationType()}) {
            if (root != null) root.getFieldDefinitions().forEach(f -> fields.add(root.getName() + "." + f.getName()));
        }
        assertThat(new TreeSet<>(AccessMatrix.GRAPHQL_FIELDS.keySet())).isEqualTo(fields);
        assertThat(GRAPHQL_SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(fields);
    }

    @Test
    void everyRoleGetsExactlyItsPermissionsOnEveryRestEndpoint() {
        List<String> violations = new ArrayList<>();
        for (Role role : Role.values()) {
            Api api = platform.api(tenant, role);
            for (AccessMatrix.Route route : AccessMatrix.ROUTES) {
                if (route.pattern().equals("/graphql")) continue;
                String path = route.pattern().replaceAll("\\{name}", "n1").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                Object body = route.method().name().equals("GET") ? null : Map.of();
                Api.Response response = api.send(route.method().name(), path, body);
                boolean granted = AccessMatrix.GRANTS.get(role).contains(route.permission());
                if (granted && (response.status() == 401 || response.status() == 403)) {
                    violations.add(role + " refused " + route + ": " + response.raw());
                }
                if (!granted && (response.status() != 403 || !"ACCESS_DENIED".equals(response.json("/code").asText())
                        || !response.contentType().startsWith("application/problem+json"))) {
                    violations.add(role + " not refused " + route + ": " + response.status() + " " + response.raw());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyRoleGetsExactlyItsPermissionsOnEveryGraphQlField() {
        List<String> violations = new ArrayList<>();
        for (Role role : Role.values()) {
            Api api = platform.api(tenant, role);
            GRAPHQL_SAMPLES.forEach((field, query) -> {
                Api.Response response = api.graphql(query, Map.of());
                boolean granted = AccessMatrix.GRANTS.get(role).contains(AccessMatrix.GRAPHQL_FIELDS.get(field));
                String classification = response.json("/errors/0/extensions/classification").asText();
                if (response.status() != 200) violations.add(role + " " + field + ": HTTP " + response.status());
                else if (granted && classification.equals("FORBIDDEN")) violations.add(role + " refused " + field + ": " + response.raw());
                else if (!granted && !classification.equals("FORBIDDEN")) violations.add(role + " not refused " + field + ": " + response.raw());
            });
        }
        assertThat(violations).isEmpty();
    }
}
