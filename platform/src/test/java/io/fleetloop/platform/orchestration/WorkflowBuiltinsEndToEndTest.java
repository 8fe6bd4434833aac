package io.fleetloop.platform.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.fleetloop.platform.support.WorkflowRuns.awaitRun;
import static io.fleetloop.platform.support.WorkflowRuns.runNode;
import static io.fleetloop.platform.support.WorkflowRuns.billingLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's own jobs as workflow nodes, through the public API on the real servers: a workflow with the built-in
 * {@code ingest} node ingests from a data source through a real ingestion task and completes with the ids of the
 * assets it produced; the built-in {@code simulate} node runs a real simulation task and completes with its items; both
 * jobs meter themselves as they always do. A run that would exceed the tenant's quota is refused with a 409
 * {@code QUOTA_EXCEEDED} problem, recorded as an event, and starts nothing.
 */
class WorkflowBuiltinsEndToEndTest {

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

    private static String define(Api api, String name, List<Map<String, Object>> nodes) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("nodes", nodes);
        Api.Response created = api.post("/v1/workflows", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json("/workflowId").asText();
    }

    private static String run(Api api, String workflowId) {
        Api.Response started = api.post("/v1/workflows/" + workflowId + "/runs", Map.of());
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        return started.json("/runId").asText();
    }

    @Test
    void anIngestNodeIngestsFromASourceThroughARealIngestionTaskAndOutputsTheAssetsItProduced() {
        String tenant = tenant("wfing");
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        SourceBucket bucket = new SourceBucket("wfing-" + tenant);
        bucket.put("drive/a.bin", SourceBucket.randomBytes(2048, 11));
        bucket.put("drive/b.bin", SourceBucket.randomBytes(3072, 12));
        bucket.put("drive/skip.txt", SourceBucket.randomBytes(100, 13));
        Ingestions.storeCredentials(engineer, "keys");
        String sourceId = Ingestions.createSource(engineer, "drive", bucket.name(), "drive/", "keys");

        String workflowId = define(engineer, "ingest drive", List.of(
                node("ingest", "builtin:ingest", Map.of(), Map.of("sourceId", sourceId, "filter", "*.bin", "modality", "LIDAR")),
                node("report", "builtin:echo", Map.of("assets", "ingest.assets"), Map.of("message", "ingested"))));
        String runId = run(engineer, workflowId);
        JsonNode run = awaitRun(engineer, runId, "SUCCEEDED");
        assertThat(runNode(run, "ingest").path("attempts").asInt()).isEqualTo(1);

        JsonNode state = engineer.get("/v1/workflow-runs/" + runId + "/context").json("/state");
        String taskId = state.at("/ingest/taskId").asText();
        List<String> produced = new ArrayList<>();
        state.at("/ingest/assets").forEach(a -> produced.add(a.asText()));
        assertThat(produced).hasSize(2);
        assertThat(state.at("/ingest/objectCount").asInt()).isEqualTo(2);
        assertThat(state.at("/report/assets")).hasSize(2);

        // the node's job is a real ingestion task of the tenant, with the same assets
        JsonNode task = engineer.get("/v1/ingestion-tasks/" + taskId).body();
        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("sourceId").asText()).isEqualTo(sourceId);
        List<String> taskAssets = new ArrayList<>();
        task.path("assetIds").forEach(a -> taskAssets.add(a.asText()));
        assertThat(taskAssets).containsExactlyInAnyOrderElementsOf(produced);
        for (String assetId : produced) {
            assertThat(engineer.get("/v1/assets/" + assetId).status()).as("asset " + assetId).isEqualTo(200);
        }

        // metered like the job itself (its objects under the task) and the node's seconds under the run and node
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> lines = billingLines(engineer);
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("resource").asText()).isEqualTo("ingested-objects");
                assertThat(l.path("taskId").asText()).isEqualTo(taskId);
                assertThat(l.path("quantity").asDouble()).isEqualTo(2.0);
            });
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("resource").asText()).isEqualTo("workflow-node-seconds");
                assertThat(l.path("runId").asText()).isEqualTo(runId);
                assertThat(l.path("nodeId").asText()).isEqualTo("ingest");
                assertThat(l.path("context").asText()).isEqualTo("ING");
            });
        });
    }

    @Test
    void aSimulateNodeRunsARealSimulationTaskAndOutputsItsItems() {
        String tenant = tenant("wfsim");
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api simulation = platform.api(tenant, Role.SIMULATION_ENGINEER);
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
        String scenarioId = scenario.json("/scenarioId").asText();

        String workflowId = define(engineer, "simulate crossings", List.of(
                node("simulate", "builtin:simulate", Map.of(), Map.of("scenarioId", scenarioId, "items", 3, "seed", 7))));
        String runId = run(engineer, workflowId);
        awaitRun(engineer, runId, "SUCCEEDED");

        JsonNode outputs = engineer.get("/v1/workflow-runs/" + runId + "/context").json("/state/simulate");
        assertThat(outputs.path("itemCount").asInt()).isEqualTo(3);
        assertThat(outputs.path("assets").size()).as("every item's outputs are assets").isGreaterThanOrEqualTo(3);
        JsonNode task = simulation.get("/v1/simulation-tasks/" + outputs.path("taskId").asText()).body();
        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("origin").asText()).isEqualTo("workflow:" + runId + "/simulate");
        assertThat(task.path("seed").asLong()).isEqualTo(7);
        assertThat(task.path("outputAssetIds").toString()).isEqualTo(outputs.path("assets").toString());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(billingLines(engineer)).anySatisfy(l -> {
                    assertThat(l.path("resource").asText()).startsWith("simulation-items");
                    assertThat(l.path("taskId").asText()).isEqualTo(outputs.path("taskId").asText());
                }));

        // a scenario that does not exist fails the node with the job's refusal, visible on the run
        String broken = define(engineer, "no scenario", List.of(node("simulate", "builtin:simulate", Map.of(),
                Map.of("scenarioId", "no-such-scenario"))));
        JsonNode failed = awaitRun(engineer, run(engineer, broken), "FAILED");
        assertThat(runNode(failed, "simulate").path("error").asText()).contains("simulate").contains("ResolveSimulationScenarioCommand");
    }

    @Test
    void aRunThatWouldExceedTheQuotaIsRefusedWithAnEventAndStartsNothing() {
        String tenant = tenant("wfquota");
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api admin = platform.api(tenant, Role.PLATFORM_ADMIN);
        Api.Response set = admin.put("/v1/quotas/workflow-node-seconds", Map.of("limit", 0.001, "period", "DAY"));
        assertThat(set.status()).as(set.raw()).isEqualTo(204);
        String workflowId = define(engineer, "tiny", List.of(node("only", "builtin:noop", Map.of(), Map.of())));
        String first = run(engineer, workflowId);
        awaitRun(engineer, first, "SUCCEEDED");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                billingLines(engineer).stream().anyMatch(l -> first.equals(l.path("runId").asText())));

        Api.Response refused = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of("runId", "refused-run"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json("/code").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(refused.raw()).contains("workflow-node-seconds").contains("\"limit\"").contains("\"used\"");

        // the refusal is an event of the tenant's account, and no run was started
        String history = platform.api(tenant, Role.AUDITOR).get("/v1/audit/aggregates/" + tenant + "/events").raw();
        assertThat(history).contains("DispatchRefusedEvent").contains("refused-run").contains("QUOTA_EXCEEDED");
        assertThat(engineer.get("/v1/workflow-runs/refused-run").status()).isEqualTo(404);
        assertThat(engineer.get("/v1/workflow-runs?workflowId=" + workflowId).json("/items")).hasSize(1);
        assertThat(engineer.get("/v1/workflows/" + workflowId + "/requested-runs").raw()).doesNotContain("refused-run");
    }

    @Test
    void anOrchestrationTaskOfADataFlowIsAlsoARunOfTheBuiltInAnnotationWorkflow() {
        String tenant = tenant("wforch");
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api manager = platform.api(tenant, Role.ANNOTATION_MANAGER);
        Api.Response flow = manager.post("/v1/data-flows", Map.of("name", "lidar to boxes", "flowRule", Map.of("modality", "LIDAR"),
                "action", Map.of("type", "ANNOTATE", "annotationType", "BOX_3D", "runPreLabeling", false)));
        assertThat(flow.status()).as(flow.raw()).isEqualTo(201);
        SourceBucket bucket = new SourceBucket("wforch-" + tenant);
        bucket.put("drive/a.bin", SourceBucket.randomBytes(1024, 21));
        Ingestions.storeCredentials(engineer, "keys");
        String sourceId = Ingestions.createSource(engineer, "drive", bucket.name(), "drive/", "keys");
        String ingestion = Ingestions.createTask(engineer, sourceId, "**", "landing", "LIDAR");
        Ingestions.start(engineer, ingestion);

        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode items = engineer.get("/v1/workflow-runs?workflowId=builtin:orchestration-annotation").json("/items");
            if (items.size() != 1) return false;
            found[0] = engineer.get("/v1/workflow-runs/" + items.get(0).path("runId").asText()).body();
            return "RUNNING".equals(runNode(found[0], "annotate").path("status").asText());
        });
        JsonNode run = found[0];
        assertThat(run.path("status").asText()).isEqualTo("RUNNING");
        assertThat(run.path("trigger").asText()).isEqualTo("EVENT");
        // the node follows the annotation task the data flow created, waiting for its review to complete
        String annotationTask = manager.get("/v1/annotation-tasks?size=10").json("/items/0/taskId").asText();
        assertThat(annotationTask).isNotBlank();
        assertThat(platform.api(tenant, Role.DATA_ENGINEER).get("/v1/workflow-runs?workflowId=builtin:orchestration-annotation&status=RUNNING")
                .json("/items")).hasSize(1);
        assertThat(platform.api(tenant("wforch-other"), Role.DATA_ENGINEER).get("/v1/workflow-runs/" + run.path("runId").asText()).status())
                .isEqualTo(404);
    }
}
