package io.fleetloop.platform.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Following workflow runs and their bill through the public API, as the workflow tests do. */
public final class WorkflowRuns {

    private WorkflowRuns() {
    }

    /** Waits until the run has {@code status}; a run that ends in another terminal status fails at once. */
    public static JsonNode awaitRun(Api api, String runId, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Response response = api.get("/v1/workflow-runs/" + runId);
            last[0] = response.body();
            String now = response.status() == 200 ? response.json("/status").asText() : "";
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(now) && !now.equals(status)) {
                throw new AssertionError("run ended " + now + ", not " + status + ": " + response.raw());
            }
            return now.equals(status);
        });
        return last[0];
    }

    /** The node of a run (as {@code GET /v1/workflow-runs/{id}} shows it) with this id. */
    public static JsonNode runNode(JsonNode run, String nodeId) {
        for (JsonNode node : run.path("nodes")) if (node.path("nodeId").asText().equals(nodeId)) return node;
        throw new AssertionError("no node " + nodeId + " in " + run);
    }

    /** The tenant's bill lines (up to 500). */
    public static List<JsonNode> billingLines(Api api) {
        List<JsonNode> lines = new ArrayList<>();
        api.get("/v1/billing/lines?from=2020-01-01&size=500").json("/items").forEach(lines::add);
        return lines;
    }
}
