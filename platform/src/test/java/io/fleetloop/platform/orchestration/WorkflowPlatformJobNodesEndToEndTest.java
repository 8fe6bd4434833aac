package io.fleetloop.platform.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static io.fleetloop.platform.support.WorkflowRuns.awaitRun;
import static io.fleetloop.platform.support.WorkflowRuns.runNode;
import static io.fleetloop.platform.support.WorkflowRuns.billingLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More of the platform's jobs as workflow nodes, through the public API on the real servers: {@code export-dataset}
 * exports an annotation task's approved results as the REST export does (a DATASET asset, a dataset version of the
 * task, metered), {@code mine-scenes} runs a real scene-mining job and outputs its job id and the tags it found, and
 * {@code diagnose-logs} outputs the diagnosis the log batch's pipeline made, with the entries it cites. Their
 * parameters are checked when the workflow is saved. A schedule slot that would exceed the tenant's quota is refused at
 * dispatch like a manual run: an event of the account, a REFUSED run in the list, and nothing started.
 */
class WorkflowPlatformJobNodesEndToEndTest {

    private static final String ENTRIES = "/api/v1/knowledge-base/entries";
    private static final String TEXT_LOG = """
            2026-06-01T08:00:00Z [BMS] INFO - battery ok soc=80
            2026-06-01T08:00:01Z [LIDAR] ERROR E1001 lidar timeout port=1
            2026-06-01T08:00:02Z [LIDAR] ERROR E1001 lidar timeout port=1
            2026-06-01T08:00:03Z [LIDAR] ERROR E1001 lidar timeout port=2
            2026-06-01T08:05:00Z [BMS] ERROR E2002 cell overvoltage cell=3
            """;

    private final RunningPlatform platform = RunningPlatform.shared();

    private static String tenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> node(String id, String operatorId, Map<String, String> inputs, Map<String, Object> parameters) {
        Map<String, Object> node = new HashMap<>();
        node.put("nodeId", id);
        node.put("operatorId", operatorId);
        node.put("inputs", inputs);
        node.put("parameters", parameters);
        node.put("timeout", "PT3M");
        return node;
    }

    private static Api.Response save(Api api, String name, Map<String, Object> runInputs, List<Map<String, Object>> nodes,
                                     List<Map<String, Object>> triggers) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("runInputs", runInputs);
        body.put("nodes", nodes);
        body.put("triggers", triggers);
        return api.post("/v1/workflows", body);
    }

    /** Two simulated crossings, their point clouds annotated with the ground truth and approved: a COMPLETED BOX_3D task. */
    private static Map<String, Object> approvedAnnotationTask(Api simulation, Api reviewer) {
        Map<String, Object> params = new HashMap<>();
        params.put("egoSpeed", Map.of("min", 30, "max", 40, "unit", "km/h"));
        params.put("actorSpeed", Map.of("min", 1.0, "max", 1.5, "unit", "m/s"));
        params.put("gap", Map.of("min", 20, "max", 30, "unit", "m"));
        params.put("actorCount", Map.of("min", 2, "max", 3, "unit", "count"));
        params.put("lidarNoise", Map.of("min", 1, "max", 2, "unit", "cm"));
        params.put("duration", Map.of("min", 2, "max", 2, "unit", "s"));
        params.put("sampleRate", Map.of("min", 10, "max", 10, "unit", "Hz"));
        Api.Response scenario = simulation.post("/v1/simulation-scenarios", Map.of("name", "crossing", "scenarioType", "PEDESTRIAN_CROSSING",
                "scenarioParams", params));
        assertThat(scenario.status()).as(scenario.raw()).isEqualTo(201);
        Api.Response started = simulation.post("/v1/simulation-tasks", Map.of("scenarioId", scenario.json("/scenarioId").asText(),
                "batchSize", 2, "seed", 11));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String simulationTask = started.json("/taskId").asText();
        JsonNode done = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> simulation.get("/v1/simulation-tasks/" + simulationTask).body(),
                        t -> List.of("COMPLETED", "FAILED").contains(t.path("status").asText()));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        List<String> outputs = new ArrayList<>();
        done.path("outputAssetIds").forEach(id -> outputs.add(id.asText()));
        await().atMost(Duration.ofSeconds(120)).until(() -> outputs.stream().allMatch(id -> simulation.get("/v1/assets/" + id).status() == 200));
        List<String> lidar = new ArrayList<>();
        for (String id : outputs) if (simulation.get("/v1/assets/" + id).json("/modality").asText().equals("LIDAR")) lidar.add(id);
        assertThat(lidar).hasSize(2);

        Api.Response annotation = simulation.post("/v1/annotation-tasks", Map.of("name", "crossings", "assetIds", lidar,
                "annotationType", "BOX_3D", "preLabelConfig", Map.of("labeler", "GROUND_TRUTH", "minConfidence", 0.5)));
        assertThat(annotation.status()).as(annotation.raw()).isEqualTo(201);
        String taskId = annotation.json("/taskId").asText();
        assertThat(simulation.post("/v1/annotation-tasks/" + taskId + "/run-prelabeling", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> "IN_REVIEW".equals(simulation.get("/v1/annotation-tasks/" + taskId).json("/status").asText()));
        for (JsonNode result : reviewer.get("/v1/annotation-tasks/" + taskId + "/results?size=50").json("/items")) {
            assertThat(reviewer.post("/v1/annotation-results/" + result.path("resultId").asText() + "/approve", null).status()).isEqualTo(204);
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "COMPLETED".equals(simulation.get("/v1/annotation-tasks/" + taskId).json("/status").asText()));
        return Map.of("taskId", taskId, "assets", outputs);
    }

    /** A log batch of platform J7 firmware 2.1.0 with lidar timeouts (E1001), uploaded and completed; its pipeline runs on. */
    private String logBatch(Api api) {
        Api.Response created = api.post("/api/v1/batches", Map.of("vehicleId", "car-9", "vehiclePlatform", "J7", "firmwareVersion", "2.1.0",
                "testDrive", Map.of("route", "A9 north")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String batchId = created.json("/batchId").asText();
        Api.Response uploaded = api.postText("/api/v1/batches/" + batchId + "/upload?fileId=drive-log&fileName=drive.log",
                "application/octet-stream", TEXT_LOG);
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(201);
        Api.Response completed = api.post("/api/v1/batches/" + batchId + "/complete", Map.of());
        assertThat(completed.status()).as(completed.raw()).isEqualTo(200);
        return batchId;
    }

    @Test
    void exportMineScenesAndDiagnoseLogsNodesRunThePlatformsRealJobsAndOutputTheirOutcomes() {
        String tenant = tenant("wfjobs");
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api simulation = platform.api(tenant, Role.SIMULATION_ENGINEER);
        Api reviewer = platform.api(tenant, Role.QC_REVIEWER);
        Api algorithm = platform.api(tenant, Role.ALGORITHM_ENGINEER);

        // the knowledge base the diagnosis cites
        Map<String, Object> entry = new HashMap<>();
        entry.put("errorCode", "E1001");
        entry.put("title", "Lidar timeouts");
        entry.put("symptoms", "lidar frames time out");
        entry.put("causes", "connector loose");
        entry.put("fixes", "reseat the lidar connector");
        entry.put("vehiclePlatforms", List.of("J7"));
        entry.put("firmwareRange", ">=2.0.0 <3.0.0");
        Api.Response kb = algorithm.post(ENTRIES, entry);
        assertThat(kb.status()).as(kb.raw()).isEqualTo(201);
        String cited = kb.json("/entryId").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() ->
                algorithm.get(ENTRIES + "?size=500").json("/items").toString().contains(cited));

        Map<String, Object> prepared = approvedAnnotationTask(simulation, reviewer);
        String annotationTask = (String) prepared.get("taskId");
        @SuppressWarnings("unchecked")
        List<String> assets = (List<String>) prepared.get("assets");
        String batchId = logBatch(platform.api(tenant));

        Map<String, Object> runInputs = Map.of("taskId", Map.of("type", "string", "required", true),
                "assetIds", Map.of("type", "array", "required", true), "batchId", Map.of("type", "string", "required", true));
        // saving checks what each job cannot start without and the allowed values, naming node and field
        Api.Response noTask = save(engineer, "bad export", runInputs, List.of(node("export", "builtin:export-dataset", Map.of(),
                Map.of("format", "kitti"))), List.of());
        assertThat(noTask.status()).as(noTask.raw()).isEqualTo(400);
        assertThat(noTask.raw()).contains("nodes[export].parameters.taskId");
        Api.Response badFormat = save(engineer, "bad format", runInputs, List.of(node("export", "builtin:export-dataset",
                Map.of("taskId", "$run.taskId"), Map.of("format", "png"))), List.of());
        assertThat(badFormat.status()).as(badFormat.raw()).isEqualTo(400);
        assertThat(badFormat.raw()).contains("nodes[export].parameters.format").contains("coco, kitti");
        Api.Response both = save(engineer, "bad mining", runInputs, List.of(node("mine", "builtin:mine-scenes",
                Map.of("assetIds", "$run.assetIds"), Map.of("filter", Map.of("modality", "LIDAR")))), List.of());
        assertThat(both.status()).as(both.raw()).isEqualTo(400);
        assertThat(both.raw()).contains("nodes[mine].parameters.filter");
        Api.Response noBatch = save(engineer, "bad diagnosis", runInputs, List.of(node("diagnose", "builtin:diagnose-logs", Map.of(),
                Map.of())), List.of());
        assertThat(noBatch.status()).as(noBatch.raw()).isEqualTo(400);
        assertThat(noBatch.raw()).contains("nodes[diagnose].parameters.batchId");
        // the catalogue describes them
        JsonNode catalogue = engineer.get("/v1/operators/builtin:mine-scenes").body();
        assertThat(catalogue.at("/versions/0/outputs").toString()).contains("jobId").contains("tags");
        assertThat(catalogue.at("/versions/0/parameters/filter/type").asText()).isEqualTo("object");

        Api.Response created = save(engineer, "export mine diagnose", runInputs, List.of(
                node("export", "builtin:export-dataset", Map.of("taskId", "$run.taskId"), Map.of("format", "kitti")),
                node("mine", "builtin:mine-scenes", Map.of("assetIds", "$run.assetIds"), Map.of()),
                node("diagnose", "builtin:diagnose-logs", Map.of("batchId", "$run.batchId"), Map.of())), List.of());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String workflowId = created.json("/workflowId").asText();
        Api.Response started = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs",
                Map.of("taskId", annotationTask, "assetIds", assets, "batchId", batchId)));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String runId = started.json("/runId").asText();
        JsonNode run = awaitRun(engineer, runId, "SUCCEEDED");
        for (String nodeId : List.of("export", "mine", "diagnose")) assertThat(runNode(run, nodeId).path("attempts").asInt()).isEqualTo(1);
        JsonNode state = engineer.get("/v1/workflow-runs/" + runId + "/context").json("/state");

        // export: a DATASET asset of the task's approved results, recorded as the task's dataset version
        JsonNode export = state.path("export");
        assertThat(export.path("format").asText()).isEqualTo("kitti");
        assertThat(export.path("items").asInt()).isEqualTo(2);
        assertThat(export.path("version").asInt()).isEqualTo(1);
        JsonNode dataset = engineer.get("/v1/assets/" + export.path("datasetAssetId").asText()).body();
        assertThat(dataset.path("modality").asText()).isEqualTo("DATASET");
        assertThat(dataset.path("sha256").asText()).isEqualTo(export.path("sha256").asText());
        // the REST export of the same content is the same dataset and version
        Api.Download rest = platform.api(tenant, Role.ALGORITHM_ENGINEER).download("/v1/annotation-tasks/" + annotationTask + "/export?format=kitti");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.header("X-Dataset-Asset-Id")).isEqualTo(export.path("datasetAssetId").asText());
        assertThat(rest.header("X-Dataset-Version")).isEqualTo("1");

        // mine-scenes: a real scene-mining job over the assets; the node's tags are the job's
        JsonNode mine = state.path("mine");
        JsonNode job = engineer.get("/v1/scene-mining/" + mine.path("jobId").asText()).body();
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("assetCount").asInt()).isEqualTo(assets.size());
        TreeSet<String> jobTags = new TreeSet<>();
        job.path("assets").forEach(a -> a.path("sceneTags").forEach(t -> jobTags.add(t.asText())));
        List<String> nodeTags = new ArrayList<>();
        mine.path("tags").forEach(t -> nodeTags.add(t.asText()));
        assertThat(nodeTags).containsExactlyElementsOf(jobTags);
        assertThat(mine.path("assets")).hasSize(assets.size());

        // diagnose-logs: the batch's diagnosis, citing the knowledge entry
        JsonNode diagnose = state.path("diagnose");
        JsonNode report = engineer.get("/api/v1/batches/" + batchId + "/report").body();
        assertThat(diagnose.path("diagnoser").asText()).isEqualTo(report.at("/diagnosis/diagnoser").asText());
        assertThat(diagnose.path("summary").asText()).isEqualTo(report.at("/diagnosis/candidates/0/cause").asText());
        assertThat(diagnose.path("citations").toString()).contains(cited);
        assertThat(diagnose.path("recommendations").toString()).contains("reseat the lidar connector");

        // metered: the export under the task, and each node's seconds under the run and node, in the job's context
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> lines = billingLines(engineer);
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("resource").asText()).isEqualTo("exported-items");
                assertThat(l.path("taskId").asText()).isEqualTo(annotationTask);
                assertThat(l.path("quantity").asDouble()).isEqualTo(2.0);
            });
            assertThat(lines).anySatisfy(l -> assertThat(l.path("resource").asText()).isEqualTo("scene-mined-assets"));
            for (String[] expected : List.of(new String[]{"export", "ANN"}, new String[]{"mine", "CAT"}, new String[]{"diagnose", "BHV"})) {
                assertThat(lines).anySatisfy(l -> {
                    assertThat(l.path("resource").asText()).isEqualTo("workflow-node-seconds");
                    assertThat(l.path("runId").asText()).isEqualTo(runId);
                    assertThat(l.path("nodeId").asText()).isEqualTo(expected[0]);
                    assertThat(l.path("context").asText()).isEqualTo(expected[1]);
                });
            }
        });

        // a job that cannot run fails its node with the job's own error visible on the run
        Api.Response broken = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs",
                Map.of("taskId", "no-such-task", "assetIds", List.of("no-such-asset"), "batchId", "no-such-batch")));
        assertThat(broken.status()).as(broken.raw()).isEqualTo(202);
        JsonNode failed = awaitRun(engineer, broken.json("/runId").asText(), "FAILED");
        assertThat(runNode(failed, "export").path("error").asText()).contains("export-dataset").contains("no-such-task");
        assertThat(runNode(failed, "mine").path("error").asText()).contains("mine-scenes").contains("no-such-asset");
        assertThat(runNode(failed, "diagnose").path("error").asText()).contains("no log batch no-such-batch");
    }

    @Test
    void aScheduleSlotOverTheQuotaIsRefusedAtDispatchAndShowsAsARefusedRun() {
        String tenant = tenant("wfsched");
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api admin = platform.api(tenant, Role.PLATFORM_ADMIN);
        Api.Response set = admin.put("/v1/quotas/workflow-node-seconds", Map.of("limit", 0.001, "period", "DAY"));
        assertThat(set.status()).as(set.raw()).isEqualTo(204);
        // a manual run uses up the quota
        Api.Response tiny = save(engineer, "tiny", Map.of(), List.of(node("only", "builtin:noop", Map.of(), Map.of())), List.of());
        assertThat(tiny.status()).as(tiny.raw()).isEqualTo(201);
        Api.Response first = engineer.post("/v1/workflows/" + tiny.json("/workflowId").asText() + "/runs", Map.of());
        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        String firstRun = first.json("/runId").asText();
        awaitRun(engineer, firstRun, "SUCCEEDED");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                billingLines(engineer).stream().anyMatch(l -> firstRun.equals(l.path("runId").asText())));

        Api.Response scheduled = save(engineer, "every two seconds", Map.of(), List.of(node("only", "builtin:noop", Map.of(), Map.of())),
                List.of(Map.of("kind", "SCHEDULE", "interval", "PT2S", "missedRuns", "SKIP")));
        assertThat(scheduled.status()).as(scheduled.raw()).isEqualTo(201);
        String workflowId = scheduled.json("/workflowId").asText();
        JsonNode refused = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> engineer.get("/v1/workflow-runs?workflowId=" + workflowId).json("/items"), items -> items.size() >= 2);
        assertThat(engineer.post("/v1/workflows/" + workflowId + "/disable", null).status()).isIn(200, 202, 204);

        // every slot was refused: shown as REFUSED runs of the schedule, with why; none was requested or ran a node
        for (JsonNode item : refused) {
            assertThat(item.path("status").asText()).isEqualTo("REFUSED");
            JsonNode run = engineer.get("/v1/workflow-runs/" + item.path("runId").asText()).body();
            assertThat(run.path("status").asText()).isEqualTo("REFUSED");
            assertThat(run.path("trigger").asText()).isEqualTo("SCHEDULE");
            assertThat(run.path("error").asText()).contains("QUOTA_EXCEEDED").contains("workflow-node-seconds");
            assertThat(run.path("nodes")).isEmpty();
        }
        assertThat(engineer.get("/v1/workflows/" + workflowId + "/requested-runs").json("/items")).isEmpty();
        // and each refusal is an event of the tenant's account
        String refusedRun = refused.get(0).path("runId").asText();
        String history = platform.api(tenant, Role.AUDITOR).get("/v1/audit/aggregates/" + tenant + "/events").raw();
        assertThat(history).contains("DispatchRefusedEvent").contains(refusedRun);
    }
}
