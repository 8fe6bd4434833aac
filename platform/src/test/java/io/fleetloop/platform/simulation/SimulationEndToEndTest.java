package io.fleetloop.platform.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.query.admin.ProcessorPositions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed 000 §5 through the public API on the real servers: scenarios are validated and versioned, a task generates a
 * batch with a worker job (progress, cancel), its outputs enter the catalog with lineage scenario → task → items and
 * are announced on Kafka {@code simulation.generated}; the same seed gives the same bytes; the ground truth becomes the
 * pre-labels of an annotation task whose approved labels export as a dataset; quota and tenants are enforced; the cost
 * per item shows on the cost dashboard.
 */
class SimulationEndToEndTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    static Map<String, Object> range(double min, double max, String unit) {
        return Map.of("min", min, "max", max, "unit", unit);
    }

    static Map<String, Object> pedestrianParams() {
        Map<String, Object> params = new HashMap<>();
        params.put("egoSpeed", range(30, 40, "km/h"));
        params.put("actorSpeed", range(1.0, 1.5, "m/s"));
        params.put("gap", range(20, 30, "m"));
        params.put("actorCount", range(2, 3, "count"));
        params.put("lidarNoise", range(1, 2, "cm"));
        params.put("duration", range(4, 4, "s"));
        params.put("sampleRate", range(10, 10, "Hz"));
        return params;
    }

    private static void assertField(Api.Response response, String field) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.json("/errors").findValuesAsText("field")).as(response.raw()).contains(field);
    }

    private JsonNode awaitTask(Api api, String taskId, String... statuses) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = api.get("/v1/simulation-tasks/" + taskId).body();
            return List.of(statuses).contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private String createScenario(Api api, String type, Map<String, Object> params) {
        Api.Response created = api.post("/v1/simulation-scenarios", Map.of("name", "crossing " + suffix, "scenarioType", type,
                "scenarioParams", params));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json("/scenarioId").asText();
    }

    @Test
    void badScenariosAreRefusedNamingTheFieldAndScenariosAreVersioned() {
        Api engineer = platform.api("simbad-" + suffix, Role.SIMULATION_ENGINEER);
        Map<String, Object> params = pedestrianParams();
        assertField(engineer.post("/v1/simulation-scenarios", Map.of("name", "x", "scenarioType", "SPACE_FLIGHT", "scenarioParams", params)),
                "scenarioType");
        Map<String, Object> inverted = new HashMap<>(params);
        inverted.put("gap", range(30, 20, "m"));
        assertField(engineer.post("/v1/simulation-scenarios", Map.of("name", "x", "scenarioType", "PEDESTRIAN_CROSSING", "scenarioParams", inverted)),
                "scenarioParams.gap");
        Map<String, Object> tooFast = new HashMap<>(params);
        tooFast.put("actorSpeed", range(1, 9, "m/s")); // a pedestrian at 9 m/s
        assertField(engineer.post("/v1/simulation-scenarios", Map.of("name", "x", "scenarioType", "PEDESTRIAN_CROSSING", "scenarioParams", tooFast)),
                "scenarioParams.actorSpeed.max");
        Map<String, Object> badUnit = new HashMap<>(params);
        badUnit.put("egoSpeed", range(30, 40, "knots"));
        assertField(engineer.post("/v1/simulation-scenarios", Map.of("name", "x", "scenarioType", "PEDESTRIAN_CROSSING", "scenarioParams", badUnit)),
                "scenarioParams.egoSpeed.unit");
        Map<String, Object> unknown = new HashMap<>(params);
        unknown.put("gravity", range(9, 10, "m/s2"));
        assertField(engineer.post("/v1/simulation-scenarios", Map.of("name", "x", "scenarioType", "PEDESTRIAN_CROSSING", "scenarioParams", unknown)),
                "scenarioParams.gravity");
        Map<String, Object> noEgo = new HashMap<>(params);
        noEgo.remove("egoSpeed");
        assertField(engineer.post("/v1/simulation-scenarios", Map.of("name", "x", "scenarioType", "CUT_IN", "scenarioParams", noEgo)),
                "scenarioParams.egoSpeed");
        Map<String, Object> agvTooFast = Map.of("egoSpeed", range(1, 20, "m/s"));
        assertField(engineer.post("/v1/simulation-scenarios", Map.of("name", "x", "scenarioType", "AGV_AISLE_CROSSING", "scenarioParams", agvTooFast)),
                "scenarioParams.egoSpeed.max");
        await().atMost(Duration.ofSeconds(10)).until(() -> engineer.get("/v1/simulation-scenarios").status() == 200);
        assertThat(engineer.get("/v1/simulation-scenarios").json("/items")).as("nothing was written").isEmpty();

        // Units are converted to canonical ones; a new version keeps the type and the earlier version stays.
        String scenarioId = createScenario(engineer, "PEDESTRIAN_CROSSING", params);
        Map<String, Object> faster = new HashMap<>(params);
        faster.put("egoSpeed", range(40, 50, "km/h"));
        Api.Response revised = engineer.put("/v1/simulation-scenarios/" + scenarioId, Map.of("scenarioParams", faster));
        assertThat(revised.status()).as(revised.raw()).isEqualTo(200);
        assertThat(revised.json("/version").asInt()).isEqualTo(2);
        assertField(engineer.put("/v1/simulation-scenarios/" + scenarioId, Map.of("scenarioParams", tooFast)), "scenarioParams.actorSpeed.max");
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/simulation-scenarios/" + scenarioId).json("/version").asInt() == 2);
        JsonNode scenario = engineer.get("/v1/simulation-scenarios/" + scenarioId).body();
        assertThat(scenario.path("versions").toString()).isEqualTo("[1,2]");
        assertThat(scenario.at("/scenarioParams/egoSpeed/unit").asText()).isEqualTo("m/s");
        assertThat(scenario.at("/scenarioParams/egoSpeed/max").asDouble()).isEqualTo(13.888889);
        assertThat(scenario.at("/scenarioParams/rainRate/max").asDouble()).as("a default filled in").isZero();

        // OpenSCENARIO parameter declarations; a DOCTYPE (XXE) is refused.
        String xosc = """
                <?xml version="1.0"?>
                <OpenSCENARIO><FileHeader revMajor="1" revMinor="1" description="cut in from xosc" author="t"/>
                  <ParameterDeclarations>
                    <ParameterDeclaration name="EgoSpeed" parameterType="double" value="20"/>
                    <ParameterDeclaration name="gap_min" parameterType="double" value="12"/>
                    <ParameterDeclaration name="gap_max" parameterType="double" value="25"/>
                    <ParameterDeclaration name="ActorSpeed" parameterType="double" value="10">
                      <ConstraintGroup><ValueConstraint rule="greaterOrEqual" value="8"/><ValueConstraint rule="lessOrEqual" value="14"/></ConstraintGroup>
                    </ParameterDeclaration>
                    <ParameterDeclaration name="Unrelated" parameterType="string" value="x"/>
                  </ParameterDeclarations></OpenSCENARIO>""";
        Api.Response imported = engineer.postText("/v1/simulation-scenarios/import?scenarioType=CUT_IN", "application/xml", xosc);
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        String importedId = imported.json("/scenarioId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/simulation-scenarios/" + importedId).status() == 200);
        JsonNode fromXosc = engineer.get("/v1/simulation-scenarios/" + importedId).body();
        assertThat(fromXosc.path("name").asText()).isEqualTo("cut in from xosc");
        assertThat(fromXosc.at("/scenarioParams/gap/min").asDouble()).isEqualTo(12.0);
        assertThat(fromXosc.at("/scenarioParams/actorSpeed/max").asDouble()).isEqualTo(14.0);
        assertThat(fromXosc.at("/scenarioParams/egoSpeed/min").asDouble()).isEqualTo(20.0);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><OpenSCENARIO><FileHeader description=\"&e;\"/></OpenSCENARIO>";
        assertField(engineer.postText("/v1/simulation-scenarios/import?scenarioType=CUT_IN", "application/xml", xxe), "xosc");

        // Bad tasks: nothing is created.
        assertField(engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 0)), "batchSize");
        assertThat(engineer.post("/v1/simulation-tasks", Map.of("scenarioId", "no-such", "batchSize", 1)).status()).isEqualTo(404);
        assertThat(engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "scenarioVersion", 9, "batchSize", 1)).status())
                .isEqualTo(404);
    }

    @Test
    void aBatchIsGeneratedRegisteredWithLineageAnnouncedDeterministicAndAnnotatedWithItsGroundTruth() throws Exception {
        String tenant = "sim-" + suffix;
        Api engineer = platform.api(tenant, Role.SIMULATION_ENGINEER);
        Api reviewer = platform.api(tenant, Role.QC_REVIEWER);
        Api algorithm = platform.api(tenant, Role.ALGORITHM_ENGINEER);
        String scenarioId = createScenario(engineer, "PEDESTRIAN_CROSSING", pedestrianParams());

        try (KafkaTap kafka = new KafkaTap(tenant, List.of("simulation.generated"))) {
            Api.Response started = engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 5, "seed", 20261204));
            assertThat(started.status()).as(started.raw()).isEqualTo(202);
            String taskId = started.json("/taskId").asText();
            assertThat(started.json("/scenarioVersion").asInt()).isEqualTo(1);
            JsonNode done = awaitTask(engineer, taskId, "COMPLETED", "FAILED");
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.path("itemsDone").asInt()).isEqualTo(5);
            assertThat(done.path("cpuSeconds").asDouble()).isPositive();
            List<String> outputs = new ArrayList<>();
            done.path("outputAssetIds").forEach(id -> outputs.add(id.asText()));
            assertThat(outputs).as("4 files per item and one DBC").hasSize(21).doesNotHaveDuplicates();

            // Kafka simulation.generated carries the asset ids.
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(kafka.on("simulation.generated"))
                    .anyMatch(r -> r.key().equals(taskId)));
            JsonNode data = kafka.on("simulation.generated").stream().filter(r -> r.key().equals(taskId)).findFirst().orElseThrow()
                    .cloudEvent().path("data");
            List<String> announced = new ArrayList<>();
            data.path("outputAssetIds").forEach(id -> announced.add(id.asText()));
            assertThat(announced).isEqualTo(outputs);
            assertThat(data.path("taskId").asText()).isEqualTo(taskId);

            // The catalog registered every output, with its kind.
            await().atMost(Duration.ofSeconds(120)).until(() -> outputs.stream().allMatch(id -> engineer.get("/v1/assets/" + id).status() == 200));
            List<String> lidar = new ArrayList<>();
            Map<String, String> sha = new HashMap<>();
            for (String id : outputs) {
                JsonNode asset = engineer.get("/v1/assets/" + id).body();
                sha.put(id, asset.path("sha256").asText());
                if (asset.path("modality").asText().equals("LIDAR")) lidar.add(id);
                assertThat(asset.path("storagePath").asText()).contains("/tenants/" + tenant + "/simulation/");
            }
            assertThat(lidar).hasSize(5);

            // Lineage: scenario → task → items.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode graph = engineer.get("/v1/lineage/" + lidar.get(0) + "?direction=upstream&depth=2").body();
                assertThat(types(graph)).contains("SIMULATION_TASK", "SIMULATION_SCENARIO");
                assertThat(ids(graph)).contains(taskId, scenarioId);
            });
            JsonNode downstream = engineer.get("/v1/lineage/" + scenarioId + "?direction=downstream&depth=2").body();
            assertThat(ids(downstream)).containsAll(outputs);

            // The same seed gives the same bytes: the same content-addressed assets.
            Api.Response again = engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 5, "seed", 20261204));
            assertThat(again.status()).as(again.raw()).isEqualTo(202);
            JsonNode second = awaitTask(engineer, again.json("/taskId").asText(), "COMPLETED", "FAILED");
            List<String> secondOutputs = new ArrayList<>();
            second.path("outputAssetIds").forEach(id -> secondOutputs.add(id.asText()));
            assertThat(secondOutputs).isEqualTo(outputs);
            Api.Response other = engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 1, "seed", 7));
            JsonNode third = awaitTask(engineer, other.json("/taskId").asText(), "COMPLETED", "FAILED");
            assertThat(third.path("outputAssetIds").toString()).doesNotContain(lidar.get(0));

            // Seed §5 step 11: an annotation task over the point clouds gets the ground truth as its pre-labels.
            Api.Response annotation = engineer.post("/v1/annotation-tasks", Map.of("name", "simulated crossings", "assetIds", lidar,
                    "annotationType", "BOX_3D", "preLabelConfig", Map.of("labeler", "GROUND_TRUTH", "minConfidence", 0.5)));
            assertThat(annotation.status()).as(annotation.raw()).isEqualTo(201);
            String annotationTask = annotation.json("/taskId").asText();
            Api.Response prelabel = engineer.post("/v1/annotation-tasks/" + annotationTask + "/run-prelabeling", null);
            assertThat(prelabel.status()).as(prelabel.raw()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "IN_REVIEW".equals(engineer.get("/v1/annotation-tasks/" + annotationTask).json("/status").asText()));
            JsonNode results = reviewer.get("/v1/annotation-tasks/" + annotationTask + "/results?size=50").body();
            assertThat(results.path("total").asInt()).isEqualTo(5);
            int boxes = 0;
            for (JsonNode result : results.path("items")) {
                assertThat(result.path("labeler").asText()).isEqualTo("ground-truth/1");
                for (JsonNode label : result.path("labels")) {
                    boxes++;
                    assertThat(label.path("category").asText()).isEqualTo("Pedestrian");
                    assertThat(label.path("confidence").asDouble()).isEqualTo(1.0);
                    assertThat(label.at("/box3d/height").asDouble()).isBetween(1.5, 2.0);
                }
            }
            assertThat(boxes).as("2-3 pedestrians per item, the visible ones").isBetween(5, 15);
            for (JsonNode result : results.path("items")) {
                assertThat(reviewer.post("/v1/annotation-results/" + result.path("resultId").asText() + "/approve", null).status()).isEqualTo(204);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "COMPLETED".equals(engineer.get("/v1/annotation-tasks/" + annotationTask).json("/status").asText()));
            Api.Download kitti = algorithm.download("/v1/annotation-tasks/" + annotationTask + "/export?format=kitti");
            assertThat(kitti.status()).isEqualTo(200);
            String dataset = kitti.header("X-Dataset-Asset-Id");
            StringBuilder labels = new StringBuilder();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(kitti.body()))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (entry.getName().startsWith("label_2/")) labels.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertThat(labels.toString()).contains("Pedestrian");
            // Lineage: scenario → task → item → annotation → dataset.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode graph = engineer.get("/v1/lineage/" + dataset + "?direction=upstream&depth=4").body();
                assertThat(ids(graph)).contains(taskId, scenarioId, annotationTask);
            });

            // Seed §5 step 12: the cost per generated item on the cost dashboard.
            ProcessorPositions positions = platform.bean(ProcessorPositions.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> positions.caughtUp(List.of("billing-ledger")));
            JsonNode dashboard = engineer.get("/v1/cost-dashboard?from=" + Instant.now().minus(Duration.ofDays(1))).body();
            JsonNode sim = null;
            for (JsonNode context : dashboard.path("contexts")) if (context.path("context").asText().equals("SIM")) sim = context;
            assertThat(sim).as(dashboard.toString()).isNotNull();
            assertThat(sim.path("items").asDouble()).isEqualTo(11.0);
            assertThat(sim.path("cost").decimalValue()).isPositive();
            assertThat(sim.path("costPerItem").doubleValue()).isPositive().isLessThanOrEqualTo(0.05);
        }
    }

    @Test
    void aCancelledTaskStopsEarlyAndKeepsWhatItGenerated() {
        Api engineer = platform.api("simcancel-" + suffix, Role.SIMULATION_ENGINEER);
        String scenarioId = createScenario(engineer, "EMERGENCY_BRAKING", Map.of("egoSpeed", range(20, 25, "m/s"),
                "duration", range(20, 20, "s"), "sampleRate", range(20, 20, "Hz")));
        Api.Response started = engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 300, "seed", 1));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String taskId = started.json("/taskId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> engineer.get("/v1/simulation-tasks/" + taskId).json("/itemsDone").asInt() >= 1);
        assertThat(engineer.post("/v1/simulation-tasks/" + taskId + "/cancel", null).status()).isEqualTo(202);
        JsonNode cancelled = awaitTask(engineer, taskId, "CANCELLED", "COMPLETED", "FAILED");
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("itemsDone").asInt()).isBetween(1, 299);
        assertThat(cancelled.path("outputAssetIds").size()).isEqualTo(4 * cancelled.path("itemsDone").asInt() + 1);
        assertThat(engineer.post("/v1/simulation-tasks/" + taskId + "/cancel", null).status()).as("not running any more").isEqualTo(409);
    }

    @Test
    void aBatchOverTheQuotaIsRefusedAndOtherTenantsSeeNothing() {
        String tenant = "simquota-" + suffix;
        Api engineer = platform.api(tenant, Role.SIMULATION_ENGINEER);
        Api admin = platform.api(tenant, Role.PLATFORM_ADMIN);
        String scenarioId = createScenario(engineer, "CUT_IN", Map.of("egoSpeed", range(15, 20, "m/s")));
        assertThat(admin.put("/v1/quotas/simulation-items", Map.of("limit", 3, "period", "DAY")).status()).isBetween(200, 204);
        Api.Response refused = engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 5, "seed", 1));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.raw()).contains("simulation-items");
        Api.Response admitted = engineer.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 3, "seed", 1));
        assertThat(admitted.status()).as(admitted.raw()).isEqualTo(202);
        String taskId = admitted.json("/taskId").asText();
        assertThat(awaitTask(engineer, taskId, "COMPLETED", "FAILED").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(engineer.get("/v1/simulation-tasks").json("/items").size()).as("the refused batch generated nothing").isEqualTo(1);

        Api stranger = platform.api("simother-" + suffix, Role.PLATFORM_ADMIN);
        assertThat(stranger.get("/v1/simulation-scenarios/" + scenarioId).status()).isEqualTo(404);
        assertThat(stranger.get("/v1/simulation-tasks/" + taskId).status()).isEqualTo(404);
        assertThat(stranger.get("/v1/simulation-tasks").json("/items")).isEmpty();
        assertThat(stranger.post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 1)).status()).isEqualTo(404);
        assertThat(stranger.put("/v1/simulation-scenarios/" + scenarioId, Map.of("scenarioParams", Map.of("egoSpeed", range(1, 2, "m/s"))))
                .status()).isEqualTo(404);
        assertThat(stranger.post("/v1/simulation-tasks/" + taskId + "/cancel", null).status()).isEqualTo(404);
        assertThat(platform.api(tenant, Role.QC_REVIEWER).post("/v1/simulation-tasks", Map.of("scenarioId", scenarioId, "batchSize", 1))
                .status()).as("a reviewer may not simulate").isEqualTo(403);
    }

    private static Set<String> types(JsonNode graph) {
        Set<String> types = new HashSet<>();
        graph.path("nodes").forEach(n -> types.add(n.path("type").asText()));
        return types;
    }

    private static Set<String> ids(JsonNode graph) {
        Set<String> ids = new HashSet<>();
        graph.path("nodes").forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }
}
