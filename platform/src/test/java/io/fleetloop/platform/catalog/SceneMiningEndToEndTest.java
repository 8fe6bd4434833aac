package io.fleetloop.platform.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scene mining (seed 000 §9) through the public API on the real servers: GNSS logs with known speed profiles, capture
 * times and weather are ingested; a job over a filter derives highway / urban / stop-and-go / hard-braking / day /
 * night / rain and a location cluster, finds the one rare combination (highway at night in the rain) through the
 * Elasticsearch aggregation, updates the catalog (PostgreSQL and the index), and publishes SceneMiningCompleted on
 * Kafka; a new rules version changes the next job's tags; another tenant sees and tags nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SceneMiningEndToEndTest {

    private static final Instant DAY = Instant.parse("2026-06-01T02:00:00Z");   // 10:00 in Shanghai
    private static final Instant NIGHT = Instant.parse("2026-06-01T14:00:00Z"); // 22:00 in Shanghai
    private static final String TOPIC = "catalog.scene-mining-completed";

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "mine-" + suffix;
    private Api engineer;
    private KafkaTap kafka;
    private String sourceId;
    private final Map<String, String> assets = new HashMap<>();
    private String firstJob;

    @BeforeAll
    void ingestDrives() {
        engineer = platform.api(tenant, Role.DATA_ENGINEER);
        kafka = new KafkaTap(tenant, List.of(TOPIC));
        Ingestions.storeCredentials(engineer, "keys");
        SourceBucket bucket = new SourceBucket("mine-" + suffix);
        DoubleUnaryOperator highway = t -> 27.8 + 0.5 * Math.sin(t / 5);
        DoubleUnaryOperator urban = t -> 11 + 1.5 * Math.sin(t / 7);
        DoubleUnaryOperator stopAndGo = t -> (t % 20) < 16 ? Math.max(0, 8 * Math.sin(Math.PI * (t % 20) / 16)) : 0;
        DoubleUnaryOperator hardBrake = t -> t < 50 ? 11 : Math.max(0, 11 - 7 * (t - 50));
        Map<String, Object[]> drives = new LinkedHashMap<>();
        drives.put("highway-day-1", new Object[] {highway, DAY, "clear"});
        drives.put("highway-day-2", new Object[] {highway, DAY, "clear"});
        drives.put("highway-day-3", new Object[] {highway, DAY, "clear"});
        drives.put("highway-night-1", new Object[] {highway, NIGHT, "clear"});
        drives.put("highway-night-2", new Object[] {highway, NIGHT, "clear"});
        drives.put("urban-rain-1", new Object[] {urban, DAY, "rain"});
        drives.put("urban-rain-2", new Object[] {urban, DAY, "rain"});
        drives.put("stop-and-go-1", new Object[] {stopAndGo, DAY, "clear"});
        drives.put("stop-and-go-2", new Object[] {stopAndGo, DAY, "clear"});
        drives.put("hard-brake-1", new Object[] {hardBrake, DAY, "clear"});
        drives.put("hard-brake-2", new Object[] {hardBrake, DAY, "clear"});
        drives.put("highway-night-rain", new Object[] {highway, NIGHT, "rain"});
        int i = 0;
        for (Map.Entry<String, Object[]> drive : drives.entrySet()) {
            Object[] d = drive.getValue();
            bucket.put("drives/" + drive.getKey() + ".csv", gnss((DoubleUnaryOperator) d[0], (Instant) d[1], i++),
                    Map.of("weather", (String) d[2], "timezone", "Asia/Shanghai"));
        }
        sourceId = Ingestions.createSource(engineer, "drives", bucket.name(), "drives", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", "drives-" + suffix, "GNSS");
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(120)).until(() -> engineer.get("/v1/assets?size=50&sourceId=" + sourceId).json("/total").asInt() == drives.size());
        engineer.get("/v1/assets?size=50&sourceId=" + sourceId).json("/items").forEach(a -> {
            String path = a.path("storagePath").asText();
            assets.put(path.substring(path.lastIndexOf('/') + 1).replace(".csv", ""), a.path("assetId").asText());
        });
    }

    @AfterAll
    void closeTap() {
        kafka.close();
    }

    /** A 60 s GNSS log at 10 Hz near Shanghai: timestamp (s), lat, lon, speed (m/s); each drive at its own place. */
    private static byte[] gnss(DoubleUnaryOperator speed, Instant start, int n) {
        StringBuilder csv = new StringBuilder("timestamp,lat,lon,alt,speed\n");
        for (int k = 0; k <= 600; k++) {
            double t = k / 10.0;
            csv.append(String.format(Locale.ROOT, "%d.%03d,%.6f,%.6f,4.0,%.3f\n", start.getEpochSecond() + k / 10, (k % 10) * 100,
                    31.2300 + n * 0.0001 + t * 1e-5, 121.4700 + t * 1e-5, speed.applyAsDouble(t)));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode awaitJob(Api api, String jobId) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Api.Response response = api.get("/v1/scene-mining/" + jobId);
            job[0] = response.body();
            return response.status() == 200 && List.of("COMPLETED", "FAILED", "CANCELLED").contains(response.json("/status").asText());
        });
        return job[0];
    }

    private static Map<String, List<String>> byAsset(JsonNode assetsNode, String field) {
        Map<String, List<String>> tags = new HashMap<>();
        for (JsonNode a : assetsNode) {
            List<String> list = new ArrayList<>();
            a.path(field).forEach(t -> list.add(t.asText()));
            tags.put(a.path("assetId").asText(), list);
        }
        return tags;
    }

    @Test
    @Order(1)
    void aJobOverAFilterDerivesTheSceneTagsAndFindsTheRareCombination() {
        Api.Response accepted = engineer.post("/v1/scene-mining", Map.of("filter", Map.of("sourceId", sourceId, "modality", "GNSS")));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.json("/assetCount").asInt()).isEqualTo(12);
        assertThat(accepted.json("/rulesVersion").asInt()).isZero();
        firstJob = accepted.json("/jobId").asText();

        JsonNode job = awaitJob(engineer, firstJob);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.path("minedAssets").asLong()).isEqualTo(12);
        Map<String, List<String>> tags = byAsset(job.path("assets"), "sceneTags");
        Map<String, List<String>> longTail = byAsset(job.path("assets"), "longTailTags");
        assertThat(tags.get(assets.get("highway-day-1"))).contains("highway", "day").doesNotContain("urban", "night", "rain", "hard-braking");
        assertThat(tags.get(assets.get("highway-night-1"))).contains("highway", "night").doesNotContain("day");
        assertThat(tags.get(assets.get("urban-rain-1"))).contains("urban", "day", "rain").doesNotContain("highway");
        assertThat(tags.get(assets.get("stop-and-go-1"))).contains("stop-and-go", "day").doesNotContain("urban", "highway", "hard-braking");
        assertThat(tags.get(assets.get("hard-brake-1"))).contains("hard-braking", "urban", "day").doesNotContain("stop-and-go");
        assertThat(tags.get(assets.get("highway-night-rain"))).contains("highway", "night", "rain");
        // the location cluster: a geohash of precision 5 near Shanghai (wtw3...)
        assertThat(tags.get(assets.get("highway-day-1"))).anyMatch(t -> t.matches("geo:wtw[0-9a-z]{2}"));

        // Only the rare mix of common conditions is long-tail: highway+rain and night+rain occur once in 12.
        assertThat(longTail.get(assets.get("highway-night-rain"))).containsExactly("highway+rain", "night+rain");
        assets.forEach((name, id) -> {
            if (!name.equals("highway-night-rain")) assertThat(longTail.get(id)).as(name).isEmpty();
        });
    }

    @Test
    @Order(2)
    void theCatalogIsUpdatedInPostgresAndElasticsearchAndFiltersBySceneAndLongTailTags() {
        String rare = assets.get("highway-night-rain");
        await().atMost(Duration.ofSeconds(120)).until(() -> engineer.get("/v1/assets?sceneTags=highway,night&sourceId=" + sourceId).json("/total").asInt() == 3);
        Api.Response highwayNight = engineer.get("/v1/assets?size=50&sceneTags=highway,night&sourceId=" + sourceId);
        List<String> ids = new ArrayList<>();
        highwayNight.json("/items").forEach(a -> ids.add(a.path("assetId").asText()));
        assertThat(ids).containsExactlyInAnyOrder(assets.get("highway-night-1"), assets.get("highway-night-2"), rare);

        await().atMost(Duration.ofSeconds(120)).until(() -> engineer.get("/v1/assets?longTailTags=night%2Brain").json("/total").asInt() == 1);
        Api.Response longTail = engineer.get("/v1/assets?longTailTags=night%2Brain");
        assertThat(longTail.json("/items/0/assetId").asText()).isEqualTo(rare);
        assertThat(longTail.json("/items/0/longTailTags").toString()).contains("highway+rain", "night+rain");
        // the index applies each asset's tags on its own: the others may come after the rare one
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(engineer.get("/v1/assets?sceneTags=stop-and-go&sourceId=" + sourceId).json("/total").asInt()).isEqualTo(2);
            assertThat(engineer.get("/v1/assets?sceneTags=hard-braking&sourceId=" + sourceId).json("/total").asInt()).isEqualTo(2);
        });

        await().atMost(Duration.ofSeconds(120)).until(() -> engineer.get("/v1/assets/" + rare).json("/longTailTags").size() == 2);
        JsonNode fromPostgres = engineer.get("/v1/assets/" + rare).body();
        assertThat(fromPostgres.path("sceneTags").toString()).contains("highway", "night", "rain");

        JsonNode histogram = engineer.get("/v1/scene-mining/tags/histogram").body();
        assertThat(histogram.path("assets").asLong()).isEqualTo(12);
        Map<String, Long> counts = new HashMap<>();
        histogram.path("sceneTags").forEach(b -> counts.put(b.path("tag").asText(), b.path("count").asLong()));
        assertThat(counts).containsEntry("highway", 6L).containsEntry("day", 9L).containsEntry("night", 3L).containsEntry("rain", 3L);
        assertThat(histogram.path("longTailTags").toString()).contains("night+rain");
        Api.Response svg = engineer.get("/v1/scene-mining/tags/histogram.svg");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.contentType()).contains("image/svg+xml");
        assertThat(svg.raw()).startsWith("<?xml").contains("<svg").contains("highway").contains("long-tail night+rain");
    }

    @Test
    @Order(3)
    void sceneMiningCompletedIsPublishedOnKafkaWithTheTags() {
        await().atMost(Duration.ofSeconds(120)).until(() -> kafka.on(TOPIC).stream()
                .anyMatch(r -> r.cloudEvent().at("/data/jobId").asText().equals(firstJob)));
        JsonNode data = kafka.on(TOPIC).stream().filter(r -> r.cloudEvent().at("/data/jobId").asText().equals(firstJob))
                .findFirst().orElseThrow().cloudEvent().path("data");
        assertThat(data.path("assetIds")).hasSize(12);
        assertThat(data.path("sceneTags").toString()).contains("highway", "urban", "stop-and-go", "hard-braking", "night", "rain");
        assertThat(data.path("longTailTags").toString()).isEqualTo("[\"highway+rain\",\"night+rain\"]");
    }

    @Test
    @Order(4)
    void aNewRulesVersionChangesTheNextJobsTags() {
        Api.Response current = engineer.get("/v1/scene-mining/rules");
        assertThat(current.json("/version").asInt()).isZero();

        Api.Response bad = engineer.put("/v1/scene-mining/rules", Map.of("version", 1,
                "tags", List.of(Map.of("tag", "fast", "when", "speedMeanKph >= "))));
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        assertThat(bad.raw()).contains("tags[0].when").contains("line 1, column");
        Api.Response unknownFeature = engineer.put("/v1/scene-mining/rules", Map.of("version", 1,
                "tags", List.of(Map.of("tag", "fast", "when", "velocity > 3.0"))));
        assertThat(unknownFeature.status()).as(unknownFeature.raw()).isEqualTo(400);
        assertThat(unknownFeature.raw()).contains("velocity");

        Api.Response published = engineer.put("/v1/scene-mining/rules", Map.of("version", 1, "geohashPrecision", 0, "longTailMaxFraction", 0.1,
                "tags", List.of(Map.of("tag", "fast", "feature", "speedMeanKph", "op", ">=", "value", 90),
                        Map.of("tag", "wet-night", "when", "weather == 'rain' && hasTime && (hourLocal >= 20.0 || hourLocal < 6.0)"))));
        assertThat(published.status()).as(published.raw()).isEqualTo(200);
        Api.Response again = engineer.put("/v1/scene-mining/rules", Map.of("version", 1, "tags", List.of(Map.of("tag", "x", "when", "true"))));
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(120)).until(() -> engineer.get("/v1/scene-mining/rules").json("/version").asInt() == 1);
        assertThat(engineer.get("/v1/scene-mining/rules?version=0").json("/tags").size()).isGreaterThan(5);

        String rare = assets.get("highway-night-rain");
        Api.Response accepted = engineer.post("/v1/scene-mining", Map.of("assetIds", List.of(rare, assets.get("urban-rain-1"))));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.json("/rulesVersion").asInt()).isEqualTo(1);
        JsonNode job = awaitJob(engineer, accepted.json("/jobId").asText());
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("rulesVersion").asInt()).isEqualTo(1);
        Map<String, List<String>> tags = byAsset(job.path("assets"), "sceneTags");
        assertThat(tags.get(rare)).containsExactly("fast", "wet-night");
        assertThat(tags.get(assets.get("urban-rain-1"))).isEmpty();

        // The mined tags replace the previous job's; the index follows.
        await().atMost(Duration.ofSeconds(120)).until(() -> engineer.get("/v1/assets?sceneTags=wet-night").json("/total").asInt() == 1);
        JsonNode asset = engineer.get("/v1/assets?sceneTags=fast").json("/items/0");
        assertThat(asset.path("assetId").asText()).isEqualTo(rare);
        assertThat(asset.path("sceneTags").toString()).doesNotContain("highway");
        assertThat(engineer.get("/v1/assets?sceneTags=highway,night&sourceId=" + sourceId).json("/total").asInt()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void badInputIsRefusedAndNothingIsTagged() {
        Api.Response empty = engineer.post("/v1/scene-mining", Map.of("assetIds", List.of()));
        assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
        assertThat(empty.raw()).contains("assetIds");
        Api.Response unknownField = engineer.post("/v1/scene-mining", Map.of("filter", Map.of("colour", "red")));
        assertThat(unknownField.status()).as(unknownField.raw()).isEqualTo(400);
        assertThat(unknownField.raw()).contains("filter.colour");
        Api.Response matchesNothing = engineer.post("/v1/scene-mining", Map.of("filter", Map.of("sourceId", "no-such-source")));
        assertThat(matchesNothing.status()).as(matchesNothing.raw()).isEqualTo(400);
        Api.Response neither = engineer.post("/v1/scene-mining", Map.of());
        assertThat(neither.status()).as(neither.raw()).isEqualTo(400);
        Api.Response unknownAsset = engineer.post("/v1/scene-mining", Map.of("assetIds", List.of(UUID.randomUUID().toString())));
        assertThat(unknownAsset.status()).as(unknownAsset.raw()).isEqualTo(404);
        assertThat(engineer.get("/v1/scene-mining/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void anotherTenantCannotMineSeeOrFilterByTheseAssets() {
        Api other = platform.api("mine-other-" + suffix, Role.DATA_ENGINEER);
        Api.Response mine = other.post("/v1/scene-mining", Map.of("assetIds", List.of(assets.get("highway-day-1"))));
        assertThat(mine.status()).as(mine.raw()).isEqualTo(404);
        assertThat(other.get("/v1/scene-mining/" + firstJob).status()).isEqualTo(404);
        assertThat(other.post("/v1/scene-mining/" + firstJob + "/cancel", Map.of()).status()).isEqualTo(404);
        assertThat(other.get("/v1/assets?sceneTags=highway").json("/total").asInt()).isZero();
        assertThat(other.get("/v1/scene-mining/tags/histogram").json("/assets").asLong()).isZero();
        assertThat(other.get("/v1/scene-mining/rules").json("/version").asInt()).isZero();
        // nothing of this tenant was tagged by the refused request: highway-day-1 still has exactly the first job's tags
        JsonNode asset = engineer.get("/v1/assets/" + assets.get("highway-day-1")).body();
        assertThat(asset.path("sceneTags").toString()).contains("highway").contains("day");
    }
}
