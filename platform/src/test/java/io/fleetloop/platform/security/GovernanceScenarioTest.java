package io.fleetloop.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The governance issue's "done when", as users of two tenants with different roles would live it: who may do
 * what, who sees what, and personal data (VIN, GPS, plate) masked below each rule's level on REST, GraphQL,
 * exports and event history — while the event store keeps the clear values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceScenarioTest {

    private static final String VIN = "WVWZZZ1JZXW123456";
    private static final String PLATE = "M-FL 4711";

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenantA = "gov-a-" + suffix;
    private final String tenantB = "gov-b-" + suffix;
    private Api engineerA;
    private String taskId;
    private String assetId;

    @BeforeAll
    void aDataEngineerOfAIngestsVehicleData() {
        engineerA = platform.api(tenantA, Role.DATA_ENGINEER);
        SourceBucket bucket = new SourceBucket("gov-" + suffix);
        bucket.put("drive/cam-0001.mp4", SourceBucket.randomBytes(4096, 41),
                Map.of("vin", VIN, "latitude", "48.1371549", "longitude", "11.5761249", "plate", PLATE));
        Ingestions.storeCredentials(engineerA, "keys");
        String sourceId = Ingestions.createSource(engineerA, "dashcams", bucket.name(), "drive", "keys");
        taskId = Ingestions.createTask(engineerA, sourceId, "**", "landing", "CAMERA");
        Ingestions.start(engineerA, taskId);
        assertThat(Ingestions.awaitEnd(engineerA, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> engineerA.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == 1);
        assetId = engineerA.get("/v1/assets?sourceId=" + sourceId).json("/items/0/assetId").asText();
    }

    @Test
    void anotherTenantsEngineerFindsNothingAndCannotStartTheTask() {
        Api engineerB = platform.api(tenantB, Role.DATA_ENGINEER);
        assertThat(engineerB.get("/v1/assets").json("/total").asInt()).isZero();
        assertThat(engineerB.get("/v1/assets/" + assetId).status()).isEqualTo(404);
        assertThat(engineerB.post("/v1/ingestion-tasks/" + taskId + "/start", null).status()).isEqualTo(404);
        assertThat(engineerB.graphql("{ assets { total } }", Map.of()).json("/data/assets/total").asInt()).isZero();
    }

    @Test
    void aQcReviewerCannotCreateADataSource() {
        Api.Response refused = platform.api(tenantA, Role.QC_REVIEWER).post("/v1/datasources", Map.of("name", "qc-source",
                "protocolType", "S3", "connectorConfig", Map.of("endpoint", "http://127.0.0.1:9", "bucket", "b", "credentialsRef", "keys")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(engineerA.get("/v1/datasources").json("/total").asInt()).isEqualTo(1);
    }

    @Test
    void anAuditorReadsTrailAndHistoryButEveryWriteIsForbidden() {
        Api auditor = platform.api(tenantA, Role.AUDITOR);
        JsonNode trail = auditor.get("/v1/audit-records?resourceId=" + taskId).body();
        assertThat(trail.at("/total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(trail.at("/items/0/operator").asText()).isEqualTo("data_engineer@" + tenantA);
        assertThat(auditor.get("/v1/audit/aggregates/" + taskId + "/events").json("/events").size()).isGreaterThanOrEqualTo(3);
        assertThat(auditor.get("/v1/audit/aggregates/" + assetId + "/state?at=" + java.time.Instant.now()).status()).isEqualTo(200);
        for (AccessMatrix.Route route : AccessMatrix.ROUTES) {
            if (route.method().name().equals("GET") || route.pattern().equals("/graphql")) continue;
            // a POST that changes nothing (e.g. pausing one's own replay stream) needs only a read permission
            if (route.permission().name().endsWith("_READ")) continue;
            String path = route.pattern().replace("{taskId}", taskId).replace("{assetId}", assetId).replace("{name}", "keys")
                    .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            assertThat(auditor.send(route.method().name(), path, Map.of()).status()).as(route.toString()).isEqualTo(403);
        }
    }

    @Test
    void vinGpsAndPlateAreMaskedBelowEachRulesLevelAndClearAbove() {
        // QC reviewer (level 20): everything personal masked, on REST, GraphQL and export.
        Api qc = platform.api(tenantA, Role.QC_REVIEWER);
        JsonNode masked = qc.get("/v1/assets/" + assetId).json("/attributes");
        assertThat(masked.path("vin").asText()).isNotEqualTo(VIN).endsWith("3456").contains("*");
        assertThat(masked.path("latitude").asText()).startsWith("48.13").isNotEqualTo("48.1371549");
        assertThat(masked.path("plate").asText()).doesNotContain("4711");
        JsonNode graph = qc.graphql("query($id: ID!) { asset(id: $id) { attributes } car: asset(id: $id) { a: attributes } }",
                Map.of("id", assetId)).body();
        assertThat(graph.toString()).doesNotContain(VIN).doesNotContain("4711").doesNotContain("1371549");
        assertThat(graph.at("/data/asset/attributes/vin").asText()).endsWith("3456");
        assertThat(qc.get("/v1/assets?attribute=vin:" + VIN).status()).isEqualTo(403);
        assertThat(qc.graphql("{ assets(filter: {attribute: \"vin:" + VIN + "\"}) { total } }", Map.of())
                .json("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");

        // Data engineer (level 50): VIN and GPS clear, plate (rule level 60) still masked — also in the event history.
        JsonNode engineer = engineerA.get("/v1/assets/" + assetId).json("/attributes");
        assertThat(engineer.path("vin").asText()).isEqualTo(VIN);
        assertThat(engineer.path("latitude").asText()).isEqualTo("48.1371549");
        assertThat(engineer.path("plate").asText()).isNotEqualTo(PLATE);
        assertThat(engineerA.get("/v1/assets?attribute=vin:" + VIN).json("/total").asInt()).isEqualTo(1);
        String history = engineerA.get("/v1/audit/aggregates/" + assetId + "/events").raw();
        assertThat(history).contains(VIN).doesNotContain(PLATE);
        Api.Response export = platform.api(tenantA, Role.SIMULATION_ENGINEER).get("/v1/assets/export?sourceId="
                + engineerA.get("/v1/assets/" + assetId).json("/sourceId").asText());
        assertThat(export.status()).as(export.raw()).isEqualTo(200);
        assertThat(export.raw()).contains(assetId).doesNotContain(VIN).doesNotContain(PLATE);

        // Auditor (level 90): everything clear; the event store kept the clear values all along.
        JsonNode auditor = platform.api(tenantA, Role.AUDITOR).get("/v1/assets/" + assetId).json("/attributes");
        assertThat(auditor.path("vin").asText()).isEqualTo(VIN);
        assertThat(auditor.path("plate").asText()).isEqualTo(PLATE);
        assertThat(platform.api(tenantA, Role.AUDITOR).get("/v1/audit/aggregates/" + assetId + "/events").raw()).contains(PLATE);
    }
}
