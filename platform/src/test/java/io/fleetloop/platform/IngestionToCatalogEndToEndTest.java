package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.minio.MinioClient;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import java.util.HashMap;

/**
 * The first slice of the loop, end to end on the real servers: objects put into a bucket with the MinIO client
 * are ingested over REST, land in the platform's bucket, are found over REST, GraphQL and search, leave an audit
 * trail and a replayable history, and are announced on Kafka.
 */
class IngestionToCatalogEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);

    @Test
    void ingestedObjectsBecomeSearchableAuditedReplayableAndPublishedAssets() {
        SourceBucket source = new SourceBucket("raw-" + tenant);
        byte[] frame1 = SourceBucket.randomBytes(100_000, 1);
        byte[] frame2 = SourceBucket.randomBytes(120_000, 2);
        byte[] big = SourceBucket.randomBytes(7 * 1024 * 1024, 3);
        String sha1 = source.put("drive-001/lidar/000001.bin", frame1);
        Map<String, String> vehicle = Map.of("vin", "WVWZZZ1JZXW000002", "latitude", "48.137154", "longitude", "11.576124",
                "plate", "M-FL 1002");
        String sha2 = source.put("drive-001/lidar/000002.bin", frame2, vehicle);
        String sha3 = source.put("drive-001/lidar/sweep/000003.bin", big);
        source.put("drive-001/lidar/copy-of-000001.bin", frame1);
        source.put("drive-001/camera/front.jpg", SourceBucket.randomBytes(5_000, 4));
        source.put("drive-002/lidar/000009.bin", SourceBucket.randomBytes(5_000, 5));

        try (KafkaTap kafka = new KafkaTap(tenant, List.of("ingestion.started", "ingestion.completed", "ingestion.failed", "catalog.registered"))) {
            Ingestions.storeCredentials(api, "raw-bucket");
            String sourceId = Ingestions.createSource(api, "raw drives", source.name(), "drive-001/", "raw-bucket");
            String taskId = Ingestions.createTask(api, sourceId, "*.bin", "landing/drive-001", "LIDAR");
            Instant beforeStart = Instant.now();
            Ingestions.start(api, taskId);

            // Progress and result of the task.
            JsonNode task = Ingestions.awaitEnd(api, taskId);
            assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
            assertThat(task.path("objectCount").asInt()).isEqualTo(4);
            assertThat(task.path("duplicateCount").asInt()).isEqualTo(1);
            assertThat(task.path("totalBytes").asLong()).isEqualTo(2L * frame1.length + frame2.length + big.length);
            assertThat(task.path("assetIds")).hasSize(3);

            // Three assets in the catalog, found by search (Elasticsearch) with the right metadata.
            JsonNode page = Ingestions.awaitAssets(api, "/v1/assets?modality=LIDAR&sourceId=" + sourceId, 3, Duration.ofSeconds(30));
            Map<String, JsonNode> bySha = new HashMap<>();
            page.path("items").forEach(a -> bySha.put(a.path("sha256").asText(), a));
            assertThat(bySha.keySet()).containsExactlyInAnyOrder(sha1, sha2, sha3);
            assertThat(bySha.get(sha3).path("sizeBytes").asLong()).isEqualTo(big.length);
            assertThat(bySha.get(sha3).path("storagePath").asText())
                    .isEqualTo("s3://fleetloop-main/tenants/" + tenant + "/landing/drive-001/lidar/sweep/000003.bin");

            // The landed bytes are the source's bytes; the duplicate's copy was not kept.
            MinioClient store = SourceBucket.platformClient();
            for (JsonNode asset : page.path("items")) {
                assertThat(SourceBucket.storedSha256(store, asset.path("storagePath").asText())).isEqualTo(asset.path("sha256").asText());
            }
            assertThat(SourceBucket.storedSha256(store, "s3://fleetloop-main/tenants/" + tenant + "/landing/drive-001/lidar/copy-of-000001.bin")).isNull();

            // Lookup by id (PostgreSQL read model) and full text.
            String assetId = bySha.get(sha2).path("assetId").asText();
            var one = api.get("/v1/assets/" + assetId);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json("/sha256").asText()).isEqualTo(sha2);
            assertThat(one.json("/ingestionTaskId").asText()).isEqualTo(taskId);
            assertThat(JSON.convertValue(one.json("/attributes"), Map.class)).isEqualTo(vehicle);
            assertThat(bySha.get(sha2).path("attributes").path("vin").asText()).isEqualTo("WVWZZZ1JZXW000002");
            assertThat(bySha.get(sha1).path("attributes").toString()).isEqualTo("{}");

            // Attributes are filterable by exact value, but not found by full text (they may be personal data).
            JsonNode byVin = Ingestions.awaitAssets(api, "/v1/assets?attribute=vin:WVWZZZ1JZXW000002", 1, Duration.ofSeconds(30));
            assertThat(byVin.at("/items/0/assetId").asText()).isEqualTo(assetId);
            assertThat(api.get("/v1/assets?attribute=vin:WVWZZZ1JZXW000009").json("/total").asInt()).isZero();
            assertThat(api.get("/v1/assets?q=WVWZZZ1JZXW000002").json("/total").asInt()).isZero();
            JsonNode byText = Ingestions.awaitAssets(api, "/v1/assets?q=000002", 1, Duration.ofSeconds(30));
            assertThat(byText.at("/items/0/assetId").asText()).isEqualTo(assetId);
            assertThat(api.get("/v1/assets?modality=CAMERA").json("/total").asInt()).isZero();
            assertThat(api.get("/v1/assets?ingestedFrom=" + Instant.now().plusSeconds(3600)).json("/total").asInt()).isZero();
            assertThat(api.get("/v1/assets?ingestedFrom=" + beforeStart + "&size=2").json("/items")).hasSize(2);

            // Scene tags, then a tag filter.
            var tagged = api.put("/v1/assets/" + assetId + "/tags", Map.of("sceneTags", List.of("night", "rain")));
            assertThat(tagged.status()).as(tagged.raw()).isEqualTo(200);
            JsonNode byTag = Ingestions.awaitAssets(api, "/v1/assets?tag=rain", 1, Duration.ofSeconds(30));
            assertThat(byTag.at("/items/0/sceneTags").toString()).isEqualTo("[\"night\",\"rain\"]");

            // GraphQL over the same catalog.
            var graph = api.graphql("""
                    query($id: ID!, $source: ID) {
                      asset(id: $id) { assetId sha256 sceneTags modality attributes }
                      assets(filter: {sourceId: $source, modality: LIDAR}, page: {size: 10}) { total items { assetId } }
                      byVin: assets(filter: {attribute: "vin:WVWZZZ1JZXW000002"}) { total items { assetId attributes } }
                      ingestionTask(id: "%s") { status objectCount duplicateCount }
                    }""".formatted(taskId), Map.of("id", assetId, "source", sourceId));
            assertThat(graph.status()).isEqualTo(200);
            assertThat(graph.json("/errors").isMissingNode()).as(graph.raw()).isTrue();
            assertThat(graph.json("/data/asset/sha256").asText()).isEqualTo(sha2);
            assertThat(graph.json("/data/asset/sceneTags").toString()).isEqualTo("[\"night\",\"rain\"]");
            assertThat(graph.json("/data/assets/total").asInt()).isEqualTo(3);
            assertThat(JSON.convertValue(graph.json("/data/asset/attributes"), Map.class)).isEqualTo(vehicle);
            assertThat(graph.json("/data/byVin/total").asInt()).isEqualTo(1);
            assertThat(graph.json("/data/byVin/items/0/assetId").asText()).isEqualTo(assetId);
            assertThat(graph.json("/data/byVin/items/0/attributes/plate").asText()).isEqualTo("M-FL 1002");
            assertThat(graph.json("/data/ingestionTask/status").asText()).isEqualTo("COMPLETED");

            // Audit trail of the task: the accepted command, then every event, with the operator.
            // (the commands' records are written with the commands; the events' records follow by the audit-trail projection)
            JsonNode audit = awaitAudit("/v1/audit-records?resourceId=" + taskId, 7, "DataIngestionCompleted");
            List<String> actions = new ArrayList<>();
            audit.path("items").forEach(r -> actions.add(r.path("action").asText() + ":" + r.path("outcome").asText()));
            assertThat(actions).contains("CreateIngestionTask:ACCEPTED", "IngestionTaskCreated:RECORDED",
                    "StartIngestion:ACCEPTED", "DataIngestionStarted:RECORDED", "ObjectIngested:RECORDED",
                    "DataIngestionCompleted:RECORDED");
            assertThat(audit.at("/items/0/operator").asText()).isEqualTo("alice@" + tenant);
            assertThat(audit.at("/items/0/resourceType").asText()).isEqualTo("IngestionTask");
            JsonNode started = api.get("/v1/audit-records?resourceId=" + taskId + "&action=DataIngestionStarted").body();
            assertThat(started.path("total").asInt()).isEqualTo(1);
            assertThat(started.at("/items/0/operator").asText()).isEqualTo("alice@" + tenant);

            // History from the event store, and the state rebuilt at instants.
            var history = api.get("/v1/audit/aggregates/" + taskId + "/events");
            assertThat(history.status()).isEqualTo(200);
            assertThat(history.json("/aggregateType").asText()).isEqualTo("IngestionTask");
            List<String> types = new ArrayList<>();
            history.json("/events").forEach(e -> types.add(e.path("eventType").asText()));
            assertThat(types).containsExactly("IngestionTaskCreatedEvent", "DataIngestionStartedEvent", "ObjectIngestedEvent",
                    "ObjectIngestedEvent", "ObjectIngestedEvent", "ObjectIngestedEvent", "DataIngestionCompletedEvent");
            Instant startedAt = Instant.parse(history.json("/events/1/timestamp").asText());
            var runningState = api.get("/v1/audit/aggregates/" + taskId + "/state?at=" + startedAt);
            assertThat(runningState.status()).as(runningState.raw()).isEqualTo(200);
            assertThat(runningState.json("/state/status").asText()).isEqualTo("RUNNING");
            assertThat(runningState.json("/version").asLong()).isEqualTo(1);
            var finalState = api.get("/v1/audit/aggregates/" + taskId + "/state?at=" + Instant.now());
            assertThat(finalState.json("/state/status").asText()).isEqualTo("COMPLETED");
            assertThat(finalState.json("/state/recorded").size()).isEqualTo(4);
            var beforeCreation = api.get("/v1/audit/aggregates/" + taskId + "/state?at=2000-01-01T00:00:00Z");
            assertThat(beforeCreation.status()).isEqualTo(404);

            // Integration events on Kafka, as CloudEvents keyed by aggregate id.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(kafka.on("ingestion.started")).hasSize(1);
                assertThat(kafka.on("ingestion.completed")).hasSize(1);
                assertThat(kafka.on("catalog.registered")).hasSize(3);
            });
            KafkaTap.Received completed = kafka.on("ingestion.completed").get(0);
            assertThat(completed.key()).isEqualTo(taskId);
            assertThat(completed.cloudEvent().path("specversion").asText()).isEqualTo("1.0");
            assertThat(completed.cloudEvent().path("type").asText()).isEqualTo("io.fleetloop.DataIngestionCompleted");
            assertThat(completed.cloudEvent().path("subject").asText()).isEqualTo(taskId);
            assertThat(completed.cloudEvent().at("/data/sourceId").asText()).isEqualTo(sourceId);
            assertThat(completed.cloudEvent().at("/data/assetIds")).hasSize(3);
            assertThat(completed.cloudEvent().at("/data/storagePaths")).hasSize(3);
            assertThat(completed.cloudEvent().at("/data/modality").asText()).isEqualTo("LIDAR");
            assertThat(completed.cloudEvent().at("/data/completedAt").isTextual()).isTrue();
            Set<String> registered = new HashSet<>();
            kafka.on("catalog.registered").forEach(r -> registered.add(r.key()));
            Set<String> assetIds = new HashSet<>();
            task.path("assetIds").forEach(a -> assetIds.add(a.asText()));
            assertThat(registered).isEqualTo(assetIds);
            assertThat(kafka.on("catalog.registered").get(0).cloudEvent().toString()).doesNotContain("secret");

            // Personal attributes leave the platform pseudonymised (VIN, plate: keyed hash) or truncated (position).
            for (KafkaTap.Received event : kafka.poll()) {
                assertThat(event.cloudEvent().toString()).as(event.topic())
                        .doesNotContain("WVWZZZ1JZXW000002", "M-FL 1002", "48.137154", "11.576124");
            }
            JsonNode published = kafka.on("catalog.registered").stream().map(KafkaTap.Received::cloudEvent)
                    .filter(e -> e.at("/data/sha256").asText().equals(sha2)).findFirst().orElseThrow().at("/data/attributes");
            assertThat(published.path("vin").asText()).matches("h:[0-9a-f]{16}");
            assertThat(published.path("plate").asText()).matches("h:[0-9a-f]{16}");
            assertThat(published.path("latitude").asText()).isEqualTo("48.13");
            assertThat(published.path("longitude").asText()).isEqualTo("11.57");

            // The same content ingested again creates no second asset.
            String again = Ingestions.createTask(api, sourceId, "lidar/*.bin", "landing/again", "LIDAR");
            Ingestions.start(api, again);
            JsonNode second = Ingestions.awaitEnd(api, again);
            assertThat(second.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(second.path("objectCount").asInt()).isEqualTo(3);
            assertThat(second.path("duplicateCount").asInt()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.on("ingestion.completed")).hasSize(2));
            assertThat(api.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt()).isEqualTo(3);
            assertThat(kafka.on("catalog.registered")).hasSize(3);
        }
    }

    /**
     * Registration is a creation keyed by the content address, with no load of the aggregate: registering the same
     * bytes again appends nothing — the event store refuses the second first event, which the senders read as
     * "registered already" (the registration process goes on past it instead of retrying its batch forever).
     */
    @Test
    void registeringTheSameContentAgainAppendsNothingAndTheRegistrationProcessGoesOnPastIt() {
        CommandGateway commands = platform.bean(CommandGateway.class);
        String sha = sha256Of("again-" + tenant);
        AssetId assetId = AssetId.contentAddressed(tenant, sha);
        RegisterAssetCommand register = new RegisterAssetCommand(assetId, tenant, new DataSourceId("src-again"),
                new IngestionTaskId("task-again"), "s3://fleetloop/tenants/" + tenant + "/again.bin", 10, sha, Modality.LIDAR,
                Instant.parse("2026-12-01T08:00:00Z"));
        commands.sendAndWait(register);

        assertThatThrownBy(() -> commands.sendAndWait(register))
                .satisfies(e -> assertThat(CommandRefusals.isDuplicateAggregate(e)).as(e.toString()).isTrue());
        assertThat(platform.bean(EventStore.class).readEvents(assetId.value()).asStream().count()).isEqualTo(1);
        // An id that is not the content address of its tenant and bytes is refused: a duplicate is always the same tenant's.
        assertThatThrownBy(() -> commands.sendAndWait(new RegisterAssetCommand(assetId, "other-" + tenant, new DataSourceId("s"),
                new IngestionTaskId("t"), "s3://fleetloop/tenants/other/again.bin", 10, sha, Modality.LIDAR, Instant.now())))
                .satisfies(e -> assertThat(CommandRefusals.isDuplicateAggregate(e)).isFalse());

        // A completed ingestion naming the registered content and a new one: the process registers the new one.
        String newSha = sha256Of("new-" + tenant);
        AssetId newId = AssetId.contentAddressed(tenant, newSha);
        List<IngestedAsset> assets = List.of(
                new IngestedAsset(assetId, "s3://fleetloop/tenants/" + tenant + "/again.bin", 10, sha, Instant.now(), Map.of()),
                new IngestedAsset(newId, "s3://fleetloop/tenants/" + tenant + "/new.bin", 20, newSha, Instant.now(), Map.of()));
        platform.bean(EventGateway.class).publish(new DataIngestionCompletedEvent(new IngestionTaskId("task-again"), tenant,
                new DataSourceId("src-again"), assets.stream().map(IngestedAsset::assetId).toList(),
                assets.stream().map(IngestedAsset::storagePath).toList(), Modality.LIDAR, assets, 2, 0, 30, Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/v1/assets/" + newId.value()).status()).isEqualTo(200));
        assertThat(platform.bean(EventStore.class).readEvents(assetId.value()).asStream().count()).isEqualTo(1);
        assertThat(platform.bean(EventStore.class).readEvents(newId.value()).asStream().count()).isEqualTo(1);
    }

    private static String sha256Of(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnreadableSourceFailsTheTaskWithAReasonAndAnnouncesIt() {
        try (KafkaTap kafka = new KafkaTap(tenant, List.of("ingestion.failed"))) {
            Ingestions.storeCredentials(api, "raw");
            String sourceId = Ingestions.createSource(api, "gone", "no-such-bucket-" + tenant, "", "raw");
            String taskId = Ingestions.createTask(api, sourceId, "**", "landing/x", "CAMERA");
            Ingestions.start(api, taskId);
            JsonNode task = Ingestions.awaitEnd(api, taskId);
            assertThat(task.path("status").asText()).isEqualTo("FAILED");
            assertThat(task.path("errorMessage").asText()).contains("no-such-bucket-" + tenant);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.on("ingestion.failed")).hasSize(1));
            assertThat(kafka.on("ingestion.failed").get(0).cloudEvent().at("/data/errorMessage").asText()).contains("does not exist");

            // A failed task may be started again.
            var restart = api.post("/v1/ingestion-tasks/" + taskId + "/start", null);
            assertThat(restart.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var view = api.get("/v1/ingestion-tasks/" + taskId);
                assertThat(view.json("/attempt").asInt()).isEqualTo(2);
                assertThat(view.json("/status").asText()).isEqualTo("FAILED");
            });
        }
    }

    private JsonNode awaitAudit(String path, int atLeast, String... actions) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var response = api.get(path);
            last[0] = response.body();
            return response.status() == 200 && response.json("/total").asInt() >= atLeast
                    && Arrays.stream(actions).allMatch(a -> response.raw().contains("\"action\":\"" + a + "\""));
        });
        return last[0];
    }
}
