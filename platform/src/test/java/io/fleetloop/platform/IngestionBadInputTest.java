package io.fleetloop.platform;

import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad input on every endpoint of the ingestion slice gets a clear problem response and changes nothing. */
class IngestionBadInputTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "bad-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);

    @BeforeEach
    void credentials() {
        Ingestions.storeCredentials(api, "keys");
    }

    @Test
    void everyV1CallNeedsAToken() {
        Api anonymous = platform.anonymous();
        for (String path : List.of("/v1/assets", "/v1/datasources", "/v1/ingestion-tasks/x", "/v1/audit-records",
                "/v1/audit/aggregates/x/events")) {
            Api.Response response = anonymous.get(path);
            assertProblem(response, 401, "bearer token");
        }
        assertProblem(anonymous.post("/v1/datasources", validSource("x")), 401, "bearer token");
        assertProblem(anonymous.graphql("{ assets { total } }", Map.of()), 401, "bearer token");
        assertThat(platform.api(tenant).selecting("no spaces allowed").get("/v1/assets").status()).isEqualTo(403);
    }

    @Test
    void creatingADataSourceValidatesEveryField() {
        Map<String, Object> noName = validSource("n");
        noName.remove("name");
        assertField(api.post("/v1/datasources", noName), 400, "name");

        Map<String, Object> badProtocol = validSource("p");
        badProtocol.put("protocolType", "FTP");
        assertField(api.post("/v1/datasources", badProtocol), 400, "protocolType");

        Map<String, Object> edge = validSource("k");
        edge.put("protocolType", "EDGE_AGENT");
        assertField(api.post("/v1/datasources", edge), 400, "protocolType");

        Map<String, Object> kafkaWithS3Config = validSource("k3");
        kafkaWithS3Config.put("protocolType", "KAFKA");
        assertField(api.post("/v1/datasources", kafkaWithS3Config), 400, "connectorConfig.kafka");

        Map<String, Object> badEndpoint = validSource("e");
        badEndpoint.put("connectorConfig", Map.of("endpoint", "ftp://x", "bucket", "raw", "credentialsRef", "keys"));
        assertField(api.post("/v1/datasources", badEndpoint), 400, "connectorConfig.endpoint");

        Map<String, Object> badBucket = validSource("b");
        badBucket.put("connectorConfig", Map.of("endpoint", "http://127.0.0.1:9", "bucket", "Not_A_Bucket", "credentialsRef", "keys"));
        assertField(api.post("/v1/datasources", badBucket), 400, "connectorConfig.bucket");

        Map<String, Object> noBucket = validSource("nb");
        noBucket.put("connectorConfig", Map.of("endpoint", "http://127.0.0.1:9", "credentialsRef", "keys"));
        assertField(api.post("/v1/datasources", noBucket), 400, "connectorConfig.bucket");

        Map<String, Object> unknownCredentials = validSource("c");
        unknownCredentials.put("connectorConfig", Map.of("endpoint", "http://127.0.0.1:9", "bucket", "raw", "credentialsRef", "nope"));
        assertField(api.post("/v1/datasources", unknownCredentials), 400, "connectorConfig.credentialsRef");

        assertProblem(api.postRaw("/v1/datasources", "{\"name\": "), 400, "JSON");

        assertThat(api.get("/v1/datasources").json("/total").asInt()).isZero();

        assertThat(api.post("/v1/datasources", validSource("same")).status()).isEqualTo(201);
        assertProblem(api.post("/v1/datasources", validSource("same")), 409, "already exists");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/v1/datasources").json("/total").asInt()).isEqualTo(1));

        // Refusals are audited as REJECTED commands with their reason.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var rejected = api.get("/v1/audit-records?action=CreateDataSource").body();
            List<String> outcomes = rejected.path("items").findValuesAsText("outcome");
            assertThat(outcomes).contains("REJECTED", "ACCEPTED");
            assertThat(rejected.path("items").findValuesAsText("detail")).anyMatch(d -> d.contains("DUPLICATE"));
        });
    }

    @Test
    void creatingAnIngestionTaskNeedsAKnownSourceOfTheTenantAndASafeRule() {
        String sourceId = Ingestions.createSource(api, "src", "raw", "", "keys");

        assertProblem(api.post("/v1/ingestion-tasks", task(UUID.randomUUID().toString(), "**", "landing", "LIDAR")), 404, "data source");
        Api otherTenant = platform.api("other-" + tenant);
        assertProblem(otherTenant.post("/v1/ingestion-tasks", task(sourceId, "**", "landing", "LIDAR")), 404, "data source");

        assertField(api.post("/v1/ingestion-tasks", task(sourceId, "**", "../escape", "LIDAR")), 400, "ingestionRule.targetPath");
        for (String unsafe : List.of("a//b", "/etc/passwd", "//etc/passwd", "/landing", "landing/../../etc", "..", "./landing",
                "landing/.", "a\\b", "C:\\Windows", "land\u0000ing", "", "/")) {
            assertField(api.post("/v1/ingestion-tasks", task(sourceId, "**", unsafe, "LIDAR")), 400, "ingestionRule.targetPath");
        }
        assertField(api.post("/v1/ingestion-tasks", task(sourceId, "[", "landing", "LIDAR")), 400, "ingestionRule.includePattern");
        assertField(api.post("/v1/ingestion-tasks", task(sourceId, "**", "landing", "SONAR")), 400, "ingestionRule.modality");
        assertField(api.post("/v1/ingestion-tasks", Map.of("sourceId", sourceId)), 400, "ingestionRule");
        assertField(api.post("/v1/ingestion-tasks", Map.of("ingestionRule", Map.of("targetPath", "x", "modality", "LIDAR"))), 400, "sourceId");

        assertThat(api.get("/v1/ingestion-tasks").json("/total").asInt()).isZero();
    }

    @Test
    void startingRefusesUnknownOthersAndRunningTasks() {
        SourceBucket bucket = new SourceBucket("raw-" + tenant);
        bucket.put("a.bin", SourceBucket.randomBytes(10, 1));
        String sourceId = Ingestions.createSource(api, "src", bucket.name(), "", "keys");
        String taskId = Ingestions.createTask(api, sourceId, "**", "landing", "LIDAR");

        assertProblem(api.post("/v1/ingestion-tasks/" + UUID.randomUUID() + "/start", null), 404, "");
        assertProblem(platform.api("other-" + tenant).post("/v1/ingestion-tasks/" + taskId + "/start", null), 404, "ingestion task");

        Ingestions.start(api, taskId);
        var again = api.post("/v1/ingestion-tasks/" + taskId + "/start", null);
        assertProblem(again, 409, "cannot be started");
        assertThat(Ingestions.awaitEnd(api, taskId).path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void queriesRejectBadParametersAndUnknownIds() {
        assertField(api.get("/v1/assets?modality=SONAR"), 400, "modality");
        assertField(api.get("/v1/assets?size=0"), 400, "size");
        assertField(api.get("/v1/assets?size=501"), 400, "size");
        assertField(api.get("/v1/assets?page=-1"), 400, "page");
        assertField(api.get("/v1/assets?ingestedFrom=yesterday"), 400, "ingestedFrom");
        assertField(api.get("/v1/audit-records?from=yesterday"), 400, "from");
        assertField(api.get("/v1/ingestion-tasks?status=DONE"), 400, "status");
        assertProblem(api.get("/v1/assets/" + UUID.randomUUID()), 404, "asset");
        assertProblem(api.get("/v1/ingestion-tasks/" + UUID.randomUUID()), 404, "ingestion task");
        assertProblem(api.get("/v1/datasources/" + UUID.randomUUID()), 404, "data source");
        assertProblem(api.get("/v1/audit/aggregates/" + UUID.randomUUID() + "/events"), 404, "aggregate");
        assertProblem(api.get("/v1/audit/aggregates/" + UUID.randomUUID() + "/state"), 400, "at");
        assertProblem(api.get("/v1/audit/aggregates/" + UUID.randomUUID() + "/state?at=2026-01-01T00:00:00Z"), 404, "aggregate");
        var graph = api.graphql("{ assets(page: {size: 0}) { total } }", Map.of());
        assertThat(graph.json("/errors/0/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void taggingValidatesTagsAndNeedsAnAssetOfTheTenant() {
        assertProblem(api.put("/v1/assets/" + UUID.randomUUID() + "/tags", Map.of("sceneTags", List.of("ok"))), 404, "");
        assertField(api.put("/v1/assets/x/tags", Map.of()), 400, "sceneTags");
        assertField(api.put("/v1/assets/x/tags", Map.of("sceneTags", List.of(""))), 400, "sceneTags");
    }

    @Test
    void credentialsAreValidatedAndNeverShown() {
        assertField(api.put("/v1/credentials/bad%20name", Map.of("accessKey", "a", "secretKey", "b")), 400, "name");
        assertField(api.put("/v1/credentials/good", Map.of("accessKey", "a")), 400, "secretKey");
        var names = api.get("/v1/credentials");
        assertThat(names.raw()).contains("keys").doesNotContain(TestSecrets.secretOf());
    }

    private static Map<String, Object> validSource(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("protocolType", "S3");
        body.put("connectorConfig", Map.of("endpoint", "http://127.0.0.1:9", "bucket", "raw", "credentialsRef", "keys"));
        return body;
    }

    private static Map<String, Object> task(String sourceId, String pattern, String target, String modality) {
        return Map.of("sourceId", sourceId, "ingestionRule", Map.of("includePattern", pattern, "targetPath", target, "modality", modality));
    }

    static void assertProblem(Api.Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).as(response.raw()).startsWith("application/problem+json");
        assertThat(response.json("/status").asInt()).isEqualTo(status);
        assertThat(response.json("/detail").asText()).as(response.raw()).containsIgnoringCase(detailContains);
    }

    static void assertField(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json("/errors").findValuesAsText("field")).as(response.raw())
                .anyMatch(f -> f.equals(field) || f.startsWith(field + "[") || f.startsWith(field + "."));
    }
}
