package io.fleetloop.platform.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workflow definitions through the public API on the real servers: the operator catalogue, operators with versions,
 * the AI model registry with its availability check, workflows with immutable revisions that pin operator versions, the
 * diff between revisions, 400s naming node and field for bad definitions, roles, and tenant isolation.
 */
class WorkflowDefinitionEndToEndTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "wfdef-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api engineer = platform.api(tenant, Role.DATA_ENGINEER);

    private String httpOperator() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "scorer");
        body.put("kind", "HTTP");
        body.put("spec", Map.of("url", "http://127.0.0.1:9/score", "method", "POST", "timeoutSeconds", 10));
        body.put("inputs", List.of("in"));
        body.put("outputs", List.of("score"));
        body.put("parameters", Map.of("threshold", Map.of("type", "number", "required", false, "defaultValue", 0.5)));
        Api.Response created = engineer.post("/v1/operators", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json("/version").asInt()).isEqualTo(1);
        return created.json("/operatorId").asText();
    }

    private static Map<String, Object> node(String id, String operatorId, Integer version, Map<String, String> inputs, Map<String, Object> parameters) {
        Map<String, Object> node = new HashMap<>();
        node.put("nodeId", id);
        node.put("operatorId", operatorId);
        if (version != null) node.put("operatorVersion", version);
        node.put("inputs", inputs);
        node.put("parameters", parameters);
        return node;
    }

    private static Map<String, Object> workflow(String name, List<Map<String, Object>> nodes, List<Map<String, Object>> triggers) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("timeZone", "Europe/Berlin");
        body.put("nodes", nodes);
        body.put("runInputs", Map.of("day", Map.of("type", "string", "required", true)));
        body.put("triggers", triggers);
        return body;
    }

    @Test
    void theCatalogueListsTheBuiltInsAndTheTenantsOperatorsWithTheirVersions() {
        String operatorId = httpOperator();
        Map<String, Object> v2 = Map.of("spec", Map.of("url", "http://127.0.0.1:9/score/v2"), "inputs", List.of("in"), "outputs", List.of("score"),
                "parameters", Map.of("threshold", Map.of("type", "number", "required", true)));
        Api.Response added = engineer.post("/v1/operators/" + operatorId + "/versions", v2);
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        assertThat(added.json("/version").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/operators/" + operatorId).json("/versions").size() == 2);
        JsonNode operator = engineer.get("/v1/operators/" + operatorId).body();
        assertThat(operator.path("kind").asText()).isEqualTo("HTTP");
        assertThat(operator.at("/versions/1/spec/url").asText()).endsWith("/score/v2");

        List<String> ids = new ArrayList<>();
        engineer.get("/v1/operators").json("/items").forEach(item -> ids.add(item.path("operatorId").asText()));
        assertThat(ids).contains("builtin:ingest", "builtin:register-asset", "builtin:pre-label", "builtin:export-dataset", "builtin:simulate",
                "builtin:mine-scenes", "builtin:diagnose-logs", "builtin:noop", "builtin:echo", operatorId);
        assertThat(engineer.get("/v1/operators/builtin:echo").json("/versions/0/spec/job").asText()).isEqualTo("echo");

        // another tenant sees the built-ins only
        Api other = platform.api("other-" + tenant, Role.DATA_ENGINEER);
        assertThat(other.get("/v1/operators/" + operatorId).status()).isEqualTo(404);
        assertThat(other.get("/v1/operators").raw()).doesNotContain(operatorId);
        assertThat(other.post("/v1/operators/" + operatorId + "/versions", v2).status()).isEqualTo(404);
    }

    @Test
    void operatorsThatEscapeTheirSandboxOrNeedWhatIsNotThereAreRefused() {
        Map<String, Object> cli = new HashMap<>(Map.of("name", "tool", "kind", "CLI", "outputs", List.of("out")));
        cli.put("spec", Map.of("command", "../../bin/sh", "args", List.of("-c", "true")));
        Api.Response parent = engineer.post("/v1/operators", cli);
        assertThat(parent.status()).as(parent.raw()).isEqualTo(400);
        assertThat(parent.raw()).contains("spec.command").contains("escapes the working directory");
        cli.put("spec", Map.of("command", "python3", "args", List.of("run.py", "--out=/etc/passwd")));
        Api.Response absolute = engineer.post("/v1/operators", cli);
        assertThat(absolute.status()).as(absolute.raw()).isEqualTo(400);
        assertThat(absolute.raw()).contains("spec.args[1]");
        cli.put("spec", Map.of("command", "python3", "args", List.of("run.py", "{{inputs.file}}"), "workingDir", "jobs/a", "cpuMillis", 500,
                "memoryMb", 256, "timeSeconds", 60));
        assertThat(engineer.post("/v1/operators", cli).status()).isEqualTo(201);

        Api.Response mcp = engineer.post("/v1/operators", Map.of("name", "mcp", "kind", "MCP", "spec", Map.of("server", "s", "tool", "t")));
        assertThat(mcp.status()).as(mcp.raw()).isEqualTo(400);
        assertThat(mcp.raw()).contains("none is configured");
        Api.Response model = engineer.post("/v1/operators", Map.of("name", "llm", "kind", "AI_MODEL", "spec", Map.of("modelId", "nope")));
        assertThat(model.status()).isEqualTo(400);
        assertThat(model.raw()).contains("spec.modelId");
        Api.Response builtin = engineer.post("/v1/operators", Map.of("name", "mine", "kind", "BUILTIN", "spec", Map.of("job", "noop")));
        assertThat(builtin.status()).isEqualTo(400);
    }

    @Test
    void anAiModelIsCheckedAgainstItsEndpointAndTheOutcomeIsRecorded() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models", exchange -> {
            byte[] body = """
                    {"object":"list","data":[{"id":"tiny-llm","object":"model","owned_by":"test"}]}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try {
            Api.Response live = engineer.post("/v1/ai-models", Map.of("name", "tiny", "baseUrl", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "model", "tiny-llm", "credentialRef", "openai-key"));
            assertThat(live.status()).as(live.raw()).isEqualTo(201);
            String liveId = live.json("/modelId").asText();
            Api.Response checked = engineer.post("/v1/ai-models/" + liveId + "/check", Map.of());
            assertThat(checked.status()).as(checked.raw()).isEqualTo(200);
            assertThat(checked.json("/available").asBoolean()).isTrue();
            assertThat(checked.json("/modelListed").asBoolean()).isTrue();

            String deadId = engineer.post("/v1/ai-models", Map.of("name", "gone", "baseUrl", "http://127.0.0.1:" + deadPort + "/v1",
                    "model", "tiny-llm")).json("/modelId").asText();
            Api.Response dead = engineer.post("/v1/ai-models/" + deadId + "/check", Map.of());
            assertThat(dead.status()).as(dead.raw()).isEqualTo(200);
            assertThat(dead.json("/available").asBoolean()).isFalse();
            assertThat(dead.json("/detail").asText()).startsWith("unreachable");

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode items = engineer.get("/v1/ai-models").json("/items");
                return items.size() == 2 && items.get(0).path("available").asBoolean() && items.get(1).has("available")
                        && !items.get(1).path("available").asBoolean();
            });
            JsonNode registered = engineer.get("/v1/ai-models").json("/items/0");
            assertThat(registered.path("credentialRef").asText()).isEqualTo("openai-key");
            assertThat(registered.path("checkDetail").asText()).isEqualTo("model listed");

            // an AI_MODEL operator may reference the registered model
            Api.Response operator = engineer.post("/v1/operators", Map.of("name", "summarise", "kind", "AI_MODEL", "spec", Map.of("modelId", liveId),
                    "outputs", List.of("text")));
            assertThat(operator.status()).as(operator.raw()).isEqualTo(201);
            Api.Response key = engineer.post("/v1/ai-models", Map.of("name", "leaky", "baseUrl", "http://127.0.0.1:9/v1", "model", "m",
                    "credentialRef", "sk-this is a key"));
            assertThat(key.status()).isEqualTo(400);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWorkflowKeepsImmutableRevisionsThatPinOperatorVersionsAndShowsTheirDiff() {
        String operatorId = httpOperator();
        List<Map<String, Object>> nodes = List.of(node("source", "builtin:echo", null, Map.of(), Map.of("message", "hello")),
                node("score", operatorId, null, Map.of("in", "source.out"), Map.of()));
        Api.Response created = engineer.post("/v1/workflows", workflow("nightly scoring", nodes,
                List.of(Map.of("kind", "SCHEDULE", "cron", "0 0 2 * * *", "missedRuns", "RUN_ONCE"))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json("/revision").asInt()).isEqualTo(1);
        String workflowId = created.json("/workflowId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/workflows/" + workflowId).status() == 200);
        JsonNode view = engineer.get("/v1/workflows/" + workflowId).body();
        assertThat(view.path("state").asText()).isEqualTo("ENABLED");
        assertThat(view.path("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(view.at("/current/dag/nodes/1/operator/operatorId").asText()).isEqualTo(operatorId);
        assertThat(view.at("/current/dag/nodes/1/operator/version").asInt()).isEqualTo(1);
        assertThat(view.at("/current/dag/nodes/1/operator/spec/url").asText()).isEqualTo("http://127.0.0.1:9/score");
        assertThat(view.at("/current/dag/nodes/1/parameters/threshold").asDouble()).isEqualTo(0.5);

        // a new operator version does not change revision 1; revision 2 pins it
        engineer.post("/v1/operators/" + operatorId + "/versions", Map.of("spec", Map.of("url", "http://127.0.0.1:9/score/v2"), "inputs", List.of("in"),
                "outputs", List.of("score"), "parameters", Map.of("threshold", Map.of("type", "number", "required", true))));
        List<Map<String, Object>> nodes2 = List.of(node("source", "builtin:echo", null, Map.of(), Map.of("message", "hello")),
                node("score", operatorId, null, Map.of("in", "source.out"), Map.of("threshold", 0.9)),
                node("done", "builtin:noop", null, Map.of("after", "score.score"), Map.of()));
        Api.Response revised = engineer.post("/v1/workflows/" + workflowId + "/revisions", workflow("nightly scoring", nodes2,
                List.of(Map.of("kind", "SCHEDULE", "cron", "0 30 2 * * *", "missedRuns", "RUN_ONCE"))));
        assertThat(revised.status()).as(revised.raw()).isEqualTo(201);
        assertThat(revised.json("/revision").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/workflows/" + workflowId).json("/currentRevision").asInt() == 2);
        assertThat(engineer.get("/v1/workflows/" + workflowId + "/revisions/1").json("/dag/nodes/1/operator/version").asInt()).isEqualTo(1);
        assertThat(engineer.get("/v1/workflows/" + workflowId + "/revisions/2").json("/dag/nodes/1/operator/version").asInt()).isEqualTo(2);
        assertThat(engineer.get("/v1/workflows/" + workflowId + "/revisions/3").status()).isEqualTo(404);

        Api.Response diff = engineer.get("/v1/workflows/" + workflowId + "/revisions/diff?from=1&to=2");
        assertThat(diff.status()).as(diff.raw()).isEqualTo(200);
        assertThat(diff.json("/nodesAdded").toString()).isEqualTo("[\"done\"]");
        assertThat(diff.json("/nodesRemoved").size()).isZero();
        assertThat(diff.json("/nodesChanged/0/nodeId").asText()).isEqualTo("score");
        JsonNode changes = diff.json("/nodesChanged/0/changes");
        assertThat(changes.at("/operator.version/from").asInt()).isEqualTo(1);
        assertThat(changes.at("/operator.version/to").asInt()).isEqualTo(2);
        assertThat(changes.at("/parameters.threshold/to").asDouble()).isEqualTo(0.9);
        assertThat(diff.json("/triggersChanged").asBoolean()).isTrue();
        assertThat(diff.json("/triggerChanges").toString()).contains("0 30 2 * * *");
        assertThat(engineer.get("/v1/workflows/" + workflowId + "/revisions/diff?from=1&to=9").status()).isEqualTo(400);

        assertThat(engineer.get("/v1/workflows").json("/total").asInt()).isEqualTo(1);

        // tenant isolation: another tenant's admin sees and changes nothing
        Api other = platform.api("other-" + tenant, Role.PLATFORM_ADMIN);
        assertThat(other.get("/v1/workflows/" + workflowId).status()).isEqualTo(404);
        assertThat(other.get("/v1/workflows/" + workflowId + "/revisions/1").status()).isEqualTo(404);
        assertThat(other.get("/v1/workflows").json("/total").asInt()).isZero();
        assertThat(other.post("/v1/workflows/" + workflowId + "/revisions", workflow("stolen", nodes, List.of())).status()).isEqualTo(404);
        assertThat(other.post("/v1/workflows/" + workflowId + "/disable", Map.of()).status()).isEqualTo(404);
        assertThat(other.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs", Map.of("day", "x"))).status()).isEqualTo(404);

        // roles: an algorithm engineer reads and runs but does not define
        Api algorithms = platform.api(tenant, Role.ALGORITHM_ENGINEER);
        assertThat(algorithms.get("/v1/workflows/" + workflowId).status()).isEqualTo(200);
        assertThat(algorithms.post("/v1/workflows", workflow("mine", nodes, List.of())).status()).isEqualTo(403);
        assertThat(algorithms.post("/v1/workflows/" + workflowId + "/disable", Map.of()).status()).isEqualTo(403);
        assertThat(algorithms.post("/v1/workflows/" + workflowId + "/runs", Map.of("inputs", Map.of("day", "2026-12-04"))).status()).isEqualTo(202);
        assertThat(platform.api(tenant, Role.QC_REVIEWER).get("/v1/workflows").status()).isEqualTo(403);
    }

    @Test
    void badDefinitionsAreRefusedNamingTheNodeAndFieldAndNothingIsSaved() {
        String operatorId = httpOperator();
        Map<String, Object> echo = node("a", "builtin:echo", null, Map.of(), Map.of());
        refused(workflow("cycle", List.of(node("a", "builtin:echo", null, Map.of("x", "c.out"), Map.of()),
                node("b", "builtin:echo", null, Map.of("x", "a.out"), Map.of()),
                node("c", "builtin:echo", null, Map.of("x", "b.out"), Map.of())), List.of()), "the DAG has a cycle", "a → b → c → a");
        refused(workflow("unwired", List.of(node("score", operatorId, null, Map.of(), Map.of())), List.of()), "nodes[score].inputs.in", "not wired");
        refused(workflow("dangling", List.of(echo, node("score", operatorId, null, Map.of("in", "a.nothing"), Map.of())), List.of()),
                "nodes[score].inputs.in", "not wired to an existing node output");
        refused(workflow("undeclared", List.of(node("score", operatorId, null, Map.of("in", "$run.file"), Map.of())), List.of()),
                "nodes[score].inputs.in", "run input file is not declared");
        refused(workflow("unknown", List.of(node("x", "no-such-operator", null, Map.of(), Map.of())), List.of()), "nodes[x].operatorId",
                "unknown operator");
        refused(workflow("version", List.of(node("x", operatorId, 9, Map.of("in", "$run.day"), Map.of())), List.of()), "nodes[x].operatorVersion");
        refused(workflow("type", List.of(node("a", "builtin:echo", null, Map.of(), Map.of("message", 42))), List.of()),
                "nodes[a].parameters.message", "must be a string");
        refused(workflow("required", List.of(node("sim", "builtin:simulate", null, Map.of(), Map.of())), List.of()),
                "nodes[sim].parameters.scenarioId", "required");
        refused(workflow("cron", List.of(echo), List.of(Map.of("kind", "SCHEDULE", "cron", "every night at two"))), "triggers[0].cron");
        refused(workflow("event", List.of(echo), List.of(Map.of("kind", "EVENT", "event", "asset_deleted"))), "triggers[0].event");
        Map<String, Object> retries = new HashMap<>(echo);
        retries.put("retry", Map.of("maxAttempts", 50, "backoff", "PT1S", "multiplier", 2.0));
        refused(workflow("retries", List.of(retries), List.of()), "nodes[a].retry.maxAttempts");
        Map<String, Object> timeout = new HashMap<>(echo);
        timeout.put("timeout", "PT0.1S");
        refused(workflow("timeout", List.of(timeout), List.of()), "nodes[a].timeout");
        Map<String, Object> zone = workflow("zone", List.of(echo), List.of());
        zone.put("timeZone", "Mars/Olympus");
        refused(zone, "timeZone");
        assertThat(engineer.get("/v1/workflows").json("/total").asInt()).isZero();
    }

    private void refused(Map<String, Object> body, String... expected) {
        Api.Response response = engineer.post("/v1/workflows", body);
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.raw()).contains(expected);
    }
}
