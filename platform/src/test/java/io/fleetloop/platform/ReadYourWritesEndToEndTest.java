package io.fleetloop.platform;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads are eventually consistent; a client that must see its own write hands the write's X-Fleetloop-Position back
 * as X-Fleetloop-Consistency, and the read waits until the read models have passed it.
 */
class ReadYourWritesEndToEndTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "ryw-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);

    @Test
    void aSearchWithTheTagWritesPositionSeesTheTagAtOnce() {
        String assetId = ingestOneAsset();

        for (int round = 0; round < 5; round++) {
            String tag = "tag-" + round + "-" + UUID.randomUUID().toString().substring(0, 6);
            Api.Response tagged = api.put("/v1/assets/" + assetId + "/tags", Map.of("sceneTags", List.of(tag)));
            assertThat(tagged.status()).as(tagged.raw()).isLessThan(300);
            String position = tagged.header("X-Fleetloop-Position");
            assertThat(position).as("a write answers its position").matches("-?\\d+\\.\\.\\d+");
            Map<String, String> consistent = Map.of("X-Fleetloop-Consistency", position);

            Api.Response search = api.get("/v1/assets?tag=" + tag, consistent);
            assertThat(search.status()).as(search.raw()).isEqualTo(200);
            assertThat(search.json("/total").asInt()).as("search right after the write").isEqualTo(1);
            assertThat(search.json("/items/0/assetId").asText()).isEqualTo(assetId);
            Api.Response asset = api.get("/v1/assets/" + assetId, consistent);
            assertThat(asset.json("/sceneTags").toString()).contains(tag);
        }
    }

    @Test
    void aPositionIsCheckedAndAReadThatCannotReachItInTimeAnswers503() {
        String assetId = ingestOneAsset();
        assertThat(api.get("/v1/assets/" + assetId, Map.of("X-Fleetloop-Consistency", "soon")).status()).isEqualTo(400);
        assertThat(api.get("/v1/assets/" + assetId, Map.of("X-Fleetloop-Consistency", "9..3")).status()).isEqualTo(400);
        assertThat(api.get("/v1/ingestion-tasks", Map.of("X-Fleetloop-Consistency", "1..2")).status())
                .as("an endpoint that cannot wait says so").isEqualTo(400);

        Api.Response refused = platform.api(tenant, Role.AUDITOR).put("/v1/assets/" + assetId + "/tags", Map.of("sceneTags", List.of("x")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("X-Fleetloop-Position")).as("a refused write has no position").isNull();

        Api.Response unreachable = api.get("/v1/assets/" + assetId, Map.of("X-Fleetloop-Consistency", "0..999999999999"));
        assertThat(unreachable.status()).isEqualTo(503);
        assertThat(unreachable.contentType()).startsWith("application/problem+json");
        assertThat(unreachable.header("Retry-After")).isEqualTo("1");
    }

    private String ingestOneAsset() {
        SourceBucket source = new SourceBucket("ryw-" + UUID.randomUUID().toString().substring(0, 8));
        source.put("drive/000001.bin", SourceBucket.randomBytes(1_000, 7));
        Ingestions.storeCredentials(api, "keys");
        String sourceId = Ingestions.createSource(api, "drive", source.name(), "", "keys");
        String taskId = Ingestions.createTask(api, sourceId, "*.bin", "landing", "LIDAR");
        Ingestions.start(api, taskId);
        assertThat(Ingestions.awaitEnd(api, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == 1);
        return api.get("/v1/assets?sourceId=" + sourceId).json("/items/0/assetId").asText();
    }
}
