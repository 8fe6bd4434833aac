package io.fleetloop.platform.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.workers.annotation.labeling.SyntheticScenes;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.util.ArrayList;

/**
 * "Which raw frames and which reviewed labels are in dataset X": two generated LiDAR scans are ingested, pre-labelled,
 * reviewed (one rejected and corrected to revision 2) and exported as KITTI; the lineage graph answers over REST, DOT
 * and GraphQL, up- and downstream, and only within the tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageEndToEndTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "lin-" + suffix;
    private Api engineer;
    private Api manager;
    private Api reviewer;
    private String sourceId;
    private String ingestionTaskId;
    private Set<String> rawAssets;
    private String annotationTaskId;
    private Map<String, Integer> exportedRevisions;
    private String dataset;

    @BeforeAll
    void ingestLabelReviewAndExport() {
        engineer = platform.api(tenant, Role.DATA_ENGINEER);
        manager = platform.api(tenant, Role.ANNOTATION_MANAGER);
        reviewer = platform.api(tenant, Role.QC_REVIEWER);
        Ingestions.storeCredentials(engineer, "keys");
        SourceBucket bucket = new SourceBucket("lineage-" + suffix);
        for (int i = 0; i < 2; i++) bucket.put("drive-9/velodyne/" + String.format("%06d", i) + ".bin", SyntheticScenes.generate(200 + i).cloud().toKittiBin());
        sourceId = Ingestions.createSource(engineer, "lineage drives", bucket.name(), "", "keys");
        ingestionTaskId = Ingestions.createTask(engineer, sourceId, "**", "lineage", "LIDAR");
        Ingestions.start(engineer, ingestionTaskId);
        assertThat(Ingestions.awaitEnd(engineer, ingestionTaskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == 2);
        rawAssets = new HashSet<>();
        engineer.get("/v1/assets?sourceId=" + sourceId).json("/items").forEach(a -> rawAssets.add(a.path("assetId").asText()));

        Api.Response created = manager.post("/v1/annotation-tasks", Map.of("name", "drive-9 boxes", "filter", Map.of("sourceId", sourceId),
                "annotationType", "BOX_3D", "preLabelConfig", Map.of("labeler", "BUILTIN_LIDAR", "minConfidence", 0.2)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        annotationTaskId = created.json("/taskId").asText();
        assertThat(manager.post("/v1/annotation-tasks/" + annotationTaskId + "/run-prelabeling", null).status()).isEqualTo(202);
        awaitTask("IN_REVIEW");

        JsonNode results = reviewer.get("/v1/annotation-tasks/" + annotationTaskId + "/results").json("/items");
        assertThat(results).hasSize(2);
        String corrected = results.get(0).path("resultId").asText();
        assertThat(reviewer.post("/v1/annotation-results/" + corrected + "/reject", Map.of("reason", "box too short")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CORRECTION".equals(reviewer.get("/v1/annotation-results/" + corrected).json("/queue").asText()));
        Map<String, Object> car = Map.of("category", "Car", "confidence", 1.0,
                "box3d", Map.of("x", 10.0, "y", 2.0, "z", -0.9, "length", 4.4, "width", 1.8, "height", 1.5, "yaw", 0.0));
        assertThat(manager.put("/v1/annotation-results/" + corrected, Map.of("labels", List.of(car))).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> reviewer.get("/v1/annotation-results/" + corrected).json("/revision").asInt() == 2);
        exportedRevisions = new TreeMap<>();
        for (JsonNode result : results) {
            String id = result.path("resultId").asText();
            assertThat(reviewer.post("/v1/annotation-results/" + id + "/approve", null).status()).isEqualTo(204);
            exportedRevisions.put(id, id.equals(corrected) ? 2 : 1);
        }
        awaitTask("COMPLETED");

        Api.Download kitti = manager.download("/v1/annotation-tasks/" + annotationTaskId + "/export?format=kitti");
        assertThat(kitti.status()).isEqualTo(200);
        dataset = kitti.header("X-Dataset-Asset-Id");
        await().atMost(Duration.ofSeconds(30)).until(() -> edges(lineage(engineer, dataset, "upstream", 1), "exported-into").size() == 2);
    }

    @Test
    void upstreamOfADatasetAreExactlyItsRawFramesTheirApprovedRevisionsAndTheirSource() {
        JsonNode graph = lineage(engineer, dataset, "upstream", 4);
        assertThat(graph.at("/root/id").asText()).isEqualTo(dataset);
        assertThat(graph.at("/root/type").asText()).isEqualTo("DATASET");
        assertThat(graph.at("/root/properties/format").asText()).isEqualTo("KITTI");
        assertThat(graph.path("truncated").asBoolean()).isFalse();
        Map<String, Set<String>> byType = nodesByType(graph);
        assertThat(byType.keySet()).containsExactlyInAnyOrder("DATASET", "ANNOTATION_TASK", "ANNOTATION_RESULT", "ASSET",
                "INGESTION_TASK", "SOURCE");
        assertThat(byType.get("ASSET")).isEqualTo(rawAssets);
        assertThat(byType.get("ANNOTATION_RESULT")).isEqualTo(exportedRevisions.keySet());
        assertThat(byType.get("SOURCE")).containsExactly(sourceId);
        assertThat(byType.get("INGESTION_TASK")).containsExactly(ingestionTaskId);
        assertThat(byType.get("ANNOTATION_TASK")).containsExactly(annotationTaskId);
        assertThat(node(graph, sourceId).path("label").asText()).isEqualTo("lineage drives");

        Map<String, Integer> revisions = new TreeMap<>();
        for (JsonNode edge : edges(graph, "exported-into")) {
            assertThat(edge.path("to").asText()).isEqualTo(dataset);
            revisions.put(edge.path("from").asText(), edge.at("/properties/revision").asInt());
        }
        assertThat(revisions).as("the exact revision of every label in the dataset").isEqualTo(exportedRevisions);
        for (String result : exportedRevisions.keySet()) {
            assertThat(node(graph, result).at("/properties/status").asText()).isEqualTo("APPROVED");
        }
        assertThat(edges(graph, "exported-as")).singleElement().satisfies(edge -> {
            assertThat(edge.at("/properties/format").asText()).isEqualTo("KITTI");
            assertThat(edge.at("/properties/version").asInt()).isEqualTo(1);
        });
        assertThat(edges(graph, "labelled-by")).hasSize(2);
        assertThat(edges(graph, "produced")).hasSize(2);
        assertThat(edges(graph, "ingested-by")).hasSize(1);

        // Depth bounds the walk: one step up reaches the results and the task, not the frames.
        assertThat(nodesByType(lineage(engineer, dataset, "upstream", 1)).keySet())
                .containsExactlyInAnyOrder("DATASET", "ANNOTATION_TASK", "ANNOTATION_RESULT");
    }

    @Test
    void downstreamOfARawFrameReachesTheDatasetButNotItsOrigins() {
        String frame = rawAssets.iterator().next();
        JsonNode graph = lineage(engineer, frame, "downstream", 2);
        Map<String, Set<String>> byType = nodesByType(graph);
        assertThat(byType.get("DATASET")).containsExactly(dataset);
        assertThat(byType.get("ASSET")).containsExactly(frame);
        assertThat(byType.get("ANNOTATION_TASK")).containsExactly(annotationTaskId);
        // Its own label goes frame -labelled-by-> result -exported-into-> dataset; through the task (a fan-out) come the task's other results.
        List<JsonNode> labelledBy = edges(graph, "labelled-by");
        assertThat(labelledBy).singleElement().satisfies(edge -> assertThat(edge.path("from").asText()).isEqualTo(frame));
        String label = labelledBy.get(0).path("to").asText();
        assertThat(edges(graph, "exported-into")).anySatisfy(edge -> assertThat(edge.path("from").asText()).isEqualTo(label));
        assertThat(byType.get("ANNOTATION_RESULT")).isEqualTo(exportedRevisions.keySet());
        assertThat(byType).doesNotContainKeys("SOURCE", "INGESTION_TASK");

        Map<String, Set<String>> both = nodesByType(lineage(engineer, frame, null, 3));
        assertThat(both.get("SOURCE")).as("both ways, depth 3 by default").containsExactly(sourceId);
        assertThat(both.get("DATASET")).containsExactly(dataset);
        assertThat(both.get("ASSET")).as("siblings are not lineage").containsExactly(frame);
    }

    @Test
    void graphQlAnswersTheSameGraph() {
        Api.Response response = engineer.graphql("""
                query($id: ID!) { lineage(nodeId: $id, direction: UPSTREAM, depth: 4) {
                  root { type id } nodes { type id label properties } edges { fromType from toType to relation properties } truncated } }""",
                Map.of("id", dataset));
        assertThat(response.json("/errors").isMissingNode()).as(response.raw()).isTrue();
        JsonNode graphQl = response.json("/data/lineage");
        JsonNode rest = lineage(engineer, dataset, "upstream", 4);
        assertThat(nodesByType(graphQl)).isEqualTo(nodesByType(rest));
        assertThat(edgeKeys(graphQl)).isEqualTo(edgeKeys(rest));
        assertThat(graphQl.at("/root/id").asText()).isEqualTo(dataset);

        Api.Response unknown = engineer.graphql("{ lineage(nodeId: \"" + UUID.randomUUID() + "\") { root { id } } }", Map.of());
        assertThat(unknown.json("/data/lineage").isNull()).as(unknown.raw()).isTrue();
        Api.Response tooDeep = engineer.graphql("{ lineage(nodeId: \"" + dataset + "\", depth: 11) { root { id } } }", Map.of());
        assertThat(tooDeep.json("/errors/0/extensions/fields/depth").isTextual()).as(tooDeep.raw()).isTrue();
    }

    @Test
    void theGraphRendersAsGraphvizDot() {
        Api.Response dot = engineer.get("/v1/lineage/" + dataset + "?direction=upstream&depth=4&format=dot");
        assertThat(dot.status()).isEqualTo(200);
        assertThat(dot.contentType()).startsWith("text/vnd.graphviz");
        assertThat(dot.raw()).startsWith("digraph lineage {").contains("\"SOURCE:" + sourceId + "\" -> \"INGESTION_TASK:" + ingestionTaskId + "\"")
                .contains("exported-into (rev 2)").endsWith("}\n");
    }

    @Test
    void badParametersNameTheirFieldAndAnotherTenantFindsNothing() {
        assertThat(engineer.get("/v1/lineage/" + dataset + "?direction=sideways").json("/errors/0/field").asText()).isEqualTo("direction");
        assertThat(engineer.get("/v1/lineage/" + dataset + "?depth=0").json("/errors/0/field").asText()).isEqualTo("depth");
        assertThat(engineer.get("/v1/lineage/" + dataset + "?depth=11").status()).isEqualTo(400);
        assertThat(engineer.get("/v1/lineage/" + dataset + "?depth=deep").json("/errors/0/field").asText()).isEqualTo("depth");
        assertThat(engineer.get("/v1/lineage/" + dataset + "?format=svg").json("/errors/0/field").asText()).isEqualTo("format");
        assertThat(engineer.get("/v1/lineage/" + UUID.randomUUID()).status()).isEqualTo(404);

        Api other = platform.api("other-" + suffix, Role.PLATFORM_ADMIN);
        for (String id : List.of(dataset, sourceId, annotationTaskId, rawAssets.iterator().next())) {
            Api.Response response = other.get("/v1/lineage/" + id + "?direction=both&depth=10");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.raw()).doesNotContain(tenant);
        }
        Api.Response graphQl = other.graphql("{ lineage(nodeId: \"" + dataset + "\") { root { id } } }", Map.of());
        assertThat(graphQl.json("/data/lineage").isNull()).as(graphQl.raw()).isTrue();
        assertThat(platform.api(tenant, Role.QC_REVIEWER).get("/v1/lineage/" + dataset).status()).isEqualTo(403);
    }

    private void awaitTask(String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> status.equals(manager.get("/v1/annotation-tasks/" + annotationTaskId).json("/status").asText()));
    }

    private static JsonNode lineage(Api api, String nodeId, String direction, int depth) {
        Api.Response response = api.get("/v1/lineage/" + nodeId + "?depth=" + depth + (direction == null ? "" : "&direction=" + direction));
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

    private static List<JsonNode> edges(JsonNode graph, String relation) {
        List<JsonNode> edges = new ArrayList<>();
        graph.path("edges").forEach(e -> {
            if (e.path("relation").asText().equals(relation)) edges.add(e);
        });
        return edges;
    }

    private static Set<String> edgeKeys(JsonNode graph) {
        Set<String> keys = new TreeSet<>();
        graph.path("edges").forEach(e -> keys.add(e.path("from").asText() + " " + e.path("relation").asText() + " " + e.path("to").asText()
                + " " + e.path("properties")));
        return keys;
    }
}
