package io.fleetloop.platform.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two halves of a workflow together, through the public API only (the README's example): a workflow defined with
 * an {@code asset_new} trigger is started by a real ingestion of a new LiDAR object, runs its nodes on the job queue,
 * is followed over SSE to its end and is metered per node; a manual run through {@code POST /v1/workflows/{id}/runs}
 * runs the same way; once disabled, neither a manual run nor a new asset starts one.
 */
class WorkflowEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RunningPlatform platform = RunningPlatform.shared();

    @Test
    void aNewAssetStartsTheWorkflowWhichIsFollowedLiveAndMetered() throws Exception {
        String tenant = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Map<String, Object> body = new HashMap<>();
        body.put("name", "new lidar");
        body.put("nodes", List.of(Map.of("nodeId", "first", "operatorId", "builtin:noop"),
                Map.of("nodeId", "hello", "operatorId", "builtin:echo", "parameters", Map.of("message", "new asset"),
                        "inputs", Map.of("after", "first.out"))));
        body.put("triggers", List.of(Map.of("kind", "EVENT", "event", "asset_new", "filter", Map.of("modality", "LIDAR"))));
        Api.Response created = engineer.post("/v1/workflows", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String workflowId = created.json("/workflowId").asText();

        SourceBucket bucket = new SourceBucket("wf-" + tenant);
        bucket.put("drive/frame.bin", SourceBucket.randomBytes(4096, 71));
        Ingestions.storeCredentials(engineer, "keys");
        String sourceId = Ingestions.createSource(engineer, "drive", bucket.name(), "drive/", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", "landing", "LIDAR");
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> runs(engineer, workflowId).size() == 1);
        String runId = runs(engineer, workflowId).get(0).path("runId").asText();
        List<String[]> events = stream(engineer, runId);
        List<String> names = events.stream().map(e -> e[0]).toList();
        assertThat(names.get(names.size() - 1)).isEqualTo("end");
        assertThat(events.get(events.size() - 1)[1]).contains("SUCCEEDED");
        assertThat(names).contains("NodeExecutionStarted", "NodeExecutionSucceeded");
        JsonNode run = engineer.get("/v1/workflow-runs/" + runId).body();
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("trigger").asText()).isEqualTo("EVENT");
        assertThat(engineer.get("/v1/workflow-runs/" + runId + "/context").json("/state/hello/message").asText()).isEqualTo("new asset");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode line : engineer.get("/v1/billing/lines?from=2020-01-01&size=500").json("/items")) {
                if (runId.equals(line.path("runId").asText()) && line.path("resource").asText().equals("workflow-node-seconds")) return true;
            }
            return false;
        });

        // a manual run of the same workflow runs the same way
        Api.Response manual = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of());
        assertThat(manual.status()).as(manual.raw()).isEqualTo(202);
        String manualRun = manual.json("/runId").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> "SUCCEEDED".equals(engineer.get("/v1/workflow-runs/" + manualRun).json("/status").asText()));

        // disabled: refused by hand, and a new asset starts nothing
        assertThat(engineer.post("/v1/workflows/" + workflowId + "/disable", Map.of()).status()).isEqualTo(200);
        assertThat(engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of()).status()).isEqualTo(409);
    }

    private static List<JsonNode> runs(Api api, String workflowId) {
        Api.Response response = api.get("/v1/workflow-runs?workflowId=" + workflowId);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<JsonNode> runs = new ArrayList<>();
        response.json("/items").forEach(runs::add);
        return runs;
    }

    /** The run's server-sent events to the end of the stream: [name, data]. */
    private List<String[]> stream(Api api, String runId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/workflow-runs/" + runId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + api.token())
                .timeout(Duration.ofSeconds(180)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String[]> events = new ArrayList<>();
        String name = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("event:")) name = line.substring(6).trim();
            else if (line.startsWith("data:")) events.add(new String[]{name, JSON.readTree(line.substring(5).trim()).toString()});
        }
        return events;
    }
}
