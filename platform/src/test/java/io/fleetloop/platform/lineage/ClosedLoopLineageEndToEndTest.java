package io.fleetloop.platform.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.ota.DeploymentBatchId;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseType;
import io.fleetloop.platform.behavior.BackfillStandIns;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.workers.annotation.labeling.SyntheticScenes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole closed loop in the lineage graph: a recorded drive (ingested for real) is replayed in a behaviour session,
 * a problem sample is marked in it and exported to annotation, a feedback decision backfills a second ingestion (real),
 * whose frames are pre-labelled, approved and exported as a dataset (real), a model trained on it is released and two of
 * three cars install it. Walks go from the sample down to the cars and from a car up to the sample, over REST and GraphQL,
 * only within the tenant. Stand-ins (published on the event bus, see {@link BackfillStandIns}): the behaviour events, and
 * the release events, because the model-ready webhook does not yet carry the dataset ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedLoopLineageEndToEndTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "cll-" + suffix;
    private final String session = "session-" + suffix;
    private final String sample = "sample-" + suffix;
    private final String decision = "decision-" + suffix;
    private final String release = UUID.randomUUID().toString();
    private final String version = "perception-" + suffix;
    private final List<String> cars = List.of("car-" + suffix + "-1", "car-" + suffix + "-2", "car-" + suffix + "-3");
    private Api engineer;
    private Api manager;
    private String recording;
    private String recordingTask;
    private String exportTask;
    private String backfillTask;
    private Set<String> backfilled;
    private String annotationTask;
    private String dataset;

    @BeforeAll
    void theWholeLoop() {
        engineer = platform.api(tenant, Role.DATA_ENGINEER);
        manager = platform.api(tenant, Role.ANNOTATION_MANAGER);
        Api reviewer = platform.api(tenant, Role.QC_REVIEWER);
        Ingestions.storeCredentials(engineer, "keys");
        SourceBucket bucket = new SourceBucket("cll-" + suffix);
        bucket.put("recorded/lidar/000000.bin", SyntheticScenes.generate(300).cloud().toKittiBin());
        for (int i = 0; i < 2; i++) bucket.put("backfill/lidar/" + String.format("%06d", i) + ".bin", SyntheticScenes.generate(310 + i).cloud().toKittiBin());
        String recordingSource = Ingestions.createSource(engineer, "recorded drives", bucket.name(), "recorded/", "keys");
        recordingTask = ingest(recordingSource);
        recording = engineer.get("/v1/assets?sourceId=" + recordingSource).json("/items/0/assetId").asText();

        BackfillStandIns loop = new BackfillStandIns(platform, tenant);
        Instant t0 = Instant.parse("2026-04-01T08:00:00Z");
        loop.session(session, "car-1", List.of(recording), t0, t0.plusSeconds(600));
        loop.sample(sample, session, List.of(recording), t0.plusSeconds(900));
        Api.Response export = manager.post("/v1/annotation-tasks", Map.of("name", "sample " + suffix, "filter", Map.of("sourceId", recordingSource),
                "annotationType", "BOX_3D"));
        assertThat(export.status()).as(export.raw()).isEqualTo(201);
        exportTask = export.json("/taskId").asText();
        loop.publish(new io.fleetloop.api.behavior.ProblemSampleExportedToAnnotationEvent(new io.fleetloop.api.behavior.ProblemSampleId(sample),
                tenant, new io.fleetloop.api.annotation.AnnotationTaskId(exportTask), List.of(new AssetId(recording)), t0.plusSeconds(960)));
        loop.decision(decision, List.of(sample), t0.plusSeconds(1000));

        String backfillSource = Ingestions.createSource(engineer, "device uploads", bucket.name(), "backfill/", "keys");
        backfillTask = ingest(backfillSource);
        loop.stage(decision, BackfillStage.INGESTION_STARTED, t0.plusSeconds(1100), backfillTask);
        backfilled = new TreeSet<>();
        engineer.get("/v1/assets?sourceId=" + backfillSource).json("/items").forEach(a -> backfilled.add(a.path("assetId").asText()));
        assertThat(backfilled).hasSize(2);

        Api.Response created = manager.post("/v1/annotation-tasks", Map.of("name", "backfill " + suffix, "filter", Map.of("sourceId", backfillSource),
                "annotationType", "BOX_3D", "preLabelConfig", Map.of("labeler", "BUILTIN_LIDAR", "minConfidence", 0.2)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        annotationTask = created.json("/taskId").asText();
        assertThat(manager.post("/v1/annotation-tasks/" + annotationTask + "/run-prelabeling", null).status()).isEqualTo(202);
        awaitTask("IN_REVIEW");
        for (JsonNode result : reviewer.get("/v1/annotation-tasks/" + annotationTask + "/results").json("/items")) {
            assertThat(reviewer.post("/v1/annotation-results/" + result.path("resultId").asText() + "/approve", null).status()).isEqualTo(204);
        }
        awaitTask("COMPLETED");
        Api.Download kitti = manager.download("/v1/annotation-tasks/" + annotationTask + "/export?format=kitti");
        assertThat(kitti.status()).isEqualTo(200);
        dataset = kitti.header("X-Dataset-Asset-Id");

        Instant released = Instant.parse("2026-04-02T08:00:00Z");
        loop.publish(new ReleaseTaskCreatedEvent(new ReleaseTaskId(release), tenant, version, ReleaseType.DOTA, "s3://models/" + version + ".bin",
                DeviceType.VEHICLE, null, null, "ab".repeat(32), 1024, released, "cd".repeat(20), "ef".repeat(16), null, null,
                List.of(new AssetId(dataset))));
        DeploymentBatchId batch = new DeploymentBatchId(UUID.randomUUID().toString());
        for (int i = 0; i < cars.size(); i++) {
            loop.publish(new DeviceUpdateReportedEvent(new ReleaseTaskId(release), tenant, batch, cars.get(i), i < 2, i < 2 ? "installed" : "hash mismatch",
                    released.plusSeconds(60 + i), i < 2 ? version : null));
        }
        loop.publish(new OTAClosedLoopCompletedEvent(new ReleaseTaskId(release), tenant, version, 3, 2, released.plusSeconds(120)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Api.Response graph = engineer.get("/v1/lineage/" + sample + "?direction=downstream&depth=10");
            return graph.status() == 200 && nodesByType(graph.body()).getOrDefault("DEVICE", Set.of()).size() == 2
                    && "COMPLETED".equals(node(graph.body(), release).at("/properties/status").asText());
        });
    }

    @Test
    void downstreamOfAProblemSampleReachTheCarsRunningTheFixedModel() {
        JsonNode graph = lineage(engineer, sample, "downstream", 10);
        Map<String, Set<String>> byType = nodesByType(graph);
        assertThat(byType.get("PROBLEM_SAMPLE")).containsExactly(sample);
        assertThat(byType.get("FEEDBACK_DECISION")).containsExactly(decision);
        assertThat(byType.get("INGESTION_TASK")).containsExactly(backfillTask);
        assertThat(byType.get("ASSET")).isEqualTo(backfilled);
        assertThat(byType.get("ANNOTATION_TASK")).containsExactlyInAnyOrder(exportTask, annotationTask);
        assertThat(byType.get("DATASET")).containsExactly(dataset);
        assertThat(byType.get("MODEL_VERSION")).containsExactly(version);
        assertThat(byType.get("RELEASE_TASK")).containsExactly(release);
        assertThat(byType.get("DEVICE")).as("only the cars that installed it").containsExactlyInAnyOrder(cars.get(0), cars.get(1));
        assertThat(byType).doesNotContainKeys("BEHAVIOR_SESSION", "SOURCE");
        assertThat(relations(graph)).contains("fed-back-by", "backfilled-by", "produced", "annotated-in", "exported-as",
                "trained-into", "released-by", "installed-on", "exported-to-annotation");
        assertThat(node(graph, cars.get(0)).at("/properties/installedVersion").asText()).isEqualTo(version);
        assertThat(node(graph, release).at("/properties/status").asText()).isEqualTo("COMPLETED");
        assertThat(node(graph, decision).at("/properties/ingestionStartedAt").asText()).isEqualTo("2026-04-01T08:18:20Z");

        // Depth bounds it: two steps from the sample reach the decision and its ingestion, no cars.
        assertThat(nodesByType(lineage(engineer, sample, "downstream", 2)).keySet())
                .containsExactlyInAnyOrder("PROBLEM_SAMPLE", "FEEDBACK_DECISION", "INGESTION_TASK", "ANNOTATION_TASK");
    }

    @Test
    void upstreamOfACarLeadsBackToTheProblemSampleAndTheRecording() {
        JsonNode graph = lineage(engineer, cars.get(1), "upstream", 10);
        Map<String, Set<String>> byType = nodesByType(graph);
        assertThat(graph.at("/root/type").asText()).isEqualTo("DEVICE");
        assertThat(byType.get("RELEASE_TASK")).containsExactly(release);
        assertThat(byType.get("MODEL_VERSION")).containsExactly(version);
        assertThat(byType.get("DATASET")).containsExactly(dataset);
        assertThat(byType.get("FEEDBACK_DECISION")).containsExactly(decision);
        assertThat(byType.get("PROBLEM_SAMPLE")).containsExactly(sample);
        assertThat(byType.get("BEHAVIOR_SESSION")).containsExactly(session);
        assertThat(byType.get("ASSET")).as("the backfilled frames and the recording").containsAll(backfilled).contains(recording);
        assertThat(byType.get("DEVICE")).as("not the other cars").containsExactly(cars.get(1));
        assertThat(node(graph, session).path("label").asText()).isEqualTo("takeover " + session);

        JsonNode failed = lineage(engineer, cars.get(2), "upstream", 10);
        assertThat(nodesByType(failed).keySet()).as("a failed install is no lineage").containsExactly("DEVICE");
    }

    @Test
    void graphQlAndDotShowTheSameLoop() {
        Api.Response response = engineer.graphql("""
                query($id: ID!) { lineage(nodeId: $id, direction: UPSTREAM, depth: 10) {
                  root { type id } nodes { type id label properties } edges { fromType from toType to relation properties } } }""",
                Map.of("id", cars.get(0)));
        assertThat(response.json("/errors").isMissingNode()).as(response.raw()).isTrue();
        JsonNode graphQl = response.json("/data/lineage");
        assertThat(nodesByType(graphQl)).isEqualTo(nodesByType(lineage(engineer, cars.get(0), "upstream", 10)));
        assertThat(graphQl.at("/root/type").asText()).isEqualTo("DEVICE");

        String dot = engineer.get("/v1/lineage/" + sample + "?direction=downstream&depth=10&format=dot").raw();
        assertThat(dot).contains("\"PROBLEM_SAMPLE:" + sample + "\" -> \"FEEDBACK_DECISION:" + decision + "\"")
                .contains("\"RELEASE_TASK:" + release + "\" -> \"DEVICE:" + cars.get(0) + "\"");
    }

    @Test
    void anotherTenantFindsNoneOfTheLoop() {
        Api other = platform.api("cll-other-" + suffix, Role.PLATFORM_ADMIN);
        for (String id : List.of(sample, decision, session, version, release, cars.get(0))) {
            Api.Response response = other.get("/v1/lineage/" + id + "?depth=10");
            assertThat(response.status()).as(id).isEqualTo(404);
        }
        Api.Response graphQl = other.graphql("{ lineage(nodeId: \"" + sample + "\") { root { id } } }", Map.of());
        assertThat(graphQl.json("/data/lineage").isNull()).as(graphQl.raw()).isTrue();
    }

    private String ingest(String sourceId) {
        String task = Ingestions.createTask(engineer, sourceId, "**", "cll-" + sourceId, "LIDAR");
        Ingestions.start(engineer, task);
        assertThat(Ingestions.awaitEnd(engineer, task).path("status").asText()).isEqualTo("COMPLETED");
        int expected = Ingestions.awaitEnd(engineer, task).path("objectCount").asInt();
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == expected);
        return task;
    }

    private void awaitTask(String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> status.equals(manager.get("/v1/annotation-tasks/" + annotationTask).json("/status").asText()));
    }

    private static JsonNode lineage(Api api, String nodeId, String direction, int depth) {
        Api.Response response = api.get("/v1/lineage/" + nodeId + "?depth=" + depth + "&direction=" + direction);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }

    private static Map<String, Set<String>> nodesByType(JsonNode graph) {
        Map<String, Set<String>> byType = new TreeMap<>();
        graph.path("nodes").forEach(n -> byType.computeIfAbsent(n.path("type").asText(), t -> new TreeSet<>()).add(n.path("id").asText()));
        return byType;
    }

    private static JsonNode node(JsonNode graph, String id) {
        for (JsonNode node : graph.path("nodes")) if (node.path("id").asText().equals(id)) return node;
        throw new AssertionError("no node " + id + " in " + graph);
    }

    private static List<String> relations(JsonNode graph) {
        List<String> relations = new ArrayList<>();
        graph.path("edges").forEach(e -> relations.add(e.path("relation").asText()));
        return relations;
    }
}
