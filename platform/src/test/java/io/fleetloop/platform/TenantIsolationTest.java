package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What tenant A ingests, tenant B can neither see nor touch, through any endpoint of the slice. */
class TenantIsolationTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final Api tenantA = platform.api("a-" + suffix);
    private final Api tenantB = platform.api("b-" + suffix);

    @Test
    void anotherTenantSeesNothingAndChangesNothing() {
        SourceBucket bucket = new SourceBucket("iso-" + suffix);
        bucket.put("x/1.bin", SourceBucket.randomBytes(1000, 11));
        bucket.put("x/2.bin", SourceBucket.randomBytes(1000, 12));
        Ingestions.storeCredentials(tenantA, "keys");
        String sourceId = Ingestions.createSource(tenantA, "fleet", bucket.name(), "x", "keys");
        String taskId = Ingestions.createTask(tenantA, sourceId, "**", "landing", "RADAR");
        Ingestions.start(tenantA, taskId);
        assertThat(Ingestions.awaitEnd(tenantA, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> tenantA.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == 2);
        JsonNode assets = tenantA.get("/v1/assets?sourceId=" + sourceId).body();
        String assetId = assets.at("/items/0/assetId").asText();
        String sha = assets.at("/items/0/sha256").asText();

        // Reads: lists are empty, ids are unknown.
        assertThat(tenantB.get("/v1/assets").json("/total").asInt()).isZero();
        assertThat(tenantB.get("/v1/assets?q=" + sha).json("/total").asInt()).isZero();
        assertThat(tenantB.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt()).isZero();
        assertThat(tenantB.get("/v1/datasources").json("/total").asInt()).isZero();
        assertThat(tenantB.get("/v1/ingestion-tasks").json("/total").asInt()).isZero();
        assertThat(tenantB.get("/v1/credentials").json("/items")).isEmpty();
        for (String path : List.of("/v1/assets/" + assetId, "/v1/ingestion-tasks/" + taskId, "/v1/datasources/" + sourceId,
                "/v1/audit/aggregates/" + taskId + "/events", "/v1/audit/aggregates/" + assetId + "/events",
                "/v1/audit/aggregates/" + taskId + "/state?at=" + Instant.now())) {
            Api.Response response = tenantB.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.raw()).doesNotContain(sha).doesNotContain("a-" + suffix);
        }
        assertThat(tenantB.get("/v1/audit-records?resourceId=" + taskId).json("/total").asInt()).isZero();
        assertThat(tenantB.get("/v1/audit-records").json("/total").asInt()).isZero();
        var graph = tenantB.graphql("query($id: ID!, $task: ID!) { asset(id: $id) { assetId } ingestionTask(id: $task) { status } assets { total } auditRecords { total } }",
                Map.of("id", assetId, "task", taskId));
        assertThat(graph.json("/data/asset").isNull()).as(graph.raw()).isTrue();
        assertThat(graph.json("/data/ingestionTask").isNull()).isTrue();
        assertThat(graph.json("/data/assets/total").asInt()).isZero();
        assertThat(graph.json("/data/auditRecords/total").asInt()).isZero();

        // Writes: refused as if the resources did not exist.
        assertThat(tenantB.put("/v1/assets/" + assetId + "/tags", Map.of("sceneTags", List.of("stolen"))).status()).isEqualTo(404);
        assertThat(tenantB.post("/v1/ingestion-tasks/" + taskId + "/start", null).status()).isEqualTo(404);
        assertThat(tenantB.post("/v1/ingestion-tasks", Map.of("sourceId", sourceId,
                "ingestionRule", Map.of("targetPath", "steal", "modality", "RADAR"))).status()).isEqualTo(404);
        assertThat(tenantA.get("/v1/assets/" + assetId).json("/sceneTags")).isEmpty();

        // Same content ingested by B is B's own asset, not A's.
        Ingestions.storeCredentials(tenantB, "keys");
        String sourceB = Ingestions.createSource(tenantB, "fleet", bucket.name(), "x", "keys");
        String taskB = Ingestions.createTask(tenantB, sourceB, "**", "landing", "RADAR");
        Ingestions.start(tenantB, taskB);
        JsonNode resultB = Ingestions.awaitEnd(tenantB, taskB);
        assertThat(resultB.path("duplicateCount").asInt()).isZero();
        assertThat(resultB.path("assetIds").toString()).doesNotContain(assetId);
    }
}
