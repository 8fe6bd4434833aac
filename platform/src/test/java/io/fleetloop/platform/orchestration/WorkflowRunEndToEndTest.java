package io.fleetloop.platform.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorRef;
import io.fleetloop.api.orchestration.workflow.RetryPolicy;
import io.fleetloop.api.orchestration.workflow.WorkflowDag;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fleetloop.platform.support.WorkflowRuns.runNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workflow runs through the public API on the real servers: a diamond DAG runs its branches in parallel and its SSE
 * stream shows the node events in order; an HTTP node is retried by its policy; a run fails with the node's error and
 * re-runs from that node without re-running upstream nodes; cancel stops a sleeping node; a CLI node's stdout is an
 * artifact; a CLI argument escaping the working directory fails the node; another tenant sees nothing; each node is metered.
 */
class WorkflowRunEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RunningPlatform platform = RunningPlatform.shared();
    private final List<HttpServer> servers = new ArrayList<>();

    private record Tenant(String id, Api engineer) {
    }

    private Tenant tenant(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Tenant(id, platform.api(id, Role.DATA_ENGINEER));
    }

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    static OperatorRef builtin(String job) {
        return new OperatorRef(job, 1, OperatorKind.BUILTIN, Map.of("job", job));
    }

    static WorkflowNode node(String id, OperatorRef operator, Map<String, String> inputs, Map<String, Object> parameters, RetryPolicy retry) {
        return new WorkflowNode(id, operator, inputs, List.of(), parameters, retry, Duration.ofSeconds(30), null);
    }

    /**
     * Defines the DAG as a workflow through {@code POST /v1/workflows} (HTTP and CLI operators registered first through
     * {@code POST /v1/operators}, run inputs declared from the given inputs) and starts it through
     * {@code POST /v1/workflows/{id}/runs}: the public path a user takes.
     */
    private String requestRun(Tenant tenant, WorkflowDag dag, Map<String, Object> inputs) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (WorkflowNode node : dag.nodes()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("nodeId", node.nodeId());
            step.put("operatorId", operator(tenant, node.operator()));
            step.put("inputs", node.inputs());
            step.put("parameters", node.parameters());
            if (node.retry() != null) {
                step.put("retry", Map.of("maxAttempts", node.retry().maxAttempts(), "backoff", node.retry().backoff().toString(),
                        "multiplier", node.retry().multiplier()));
            }
            step.put("timeout", node.timeout().toString());
            steps.add(step);
        }
        Map<String, Object> runInputs = new LinkedHashMap<>();
        inputs.forEach((name, value) -> runInputs.put(name, Map.of("type", value instanceof Number ? "integer" : "string", "required", true)));
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("name", "run test " + UUID.randomUUID().toString().substring(0, 8));
        workflow.put("nodes", steps);
        workflow.put("runInputs", runInputs);
        Api.Response created = tenant.engineer().post("/v1/workflows", workflow);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Api.Response started = tenant.engineer().post("/v1/workflows/" + created.json("/workflowId").asText() + "/runs", Map.of("inputs", inputs));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String runId = started.json("/runId").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> tenant.engineer().get("/v1/workflow-runs/" + runId).status() == 200);
        return runId;
    }

    /** A built-in's catalogue id, or a tenant operator registered with the node's kind and spec. */
    private static String operator(Tenant tenant, OperatorRef ref) {
        if (ref.kind() == OperatorKind.BUILTIN) return "builtin:" + ref.spec().get("job");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", ref.operatorId());
        body.put("kind", ref.kind().name());
        body.put("spec", ref.spec());
        body.put("inputs", List.of());
        body.put("outputs", ref.kind() == OperatorKind.HTTP ? List.of("y", "call") : List.of());
        Api.Response registered = tenant.engineer().post("/v1/operators", body);
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        return registered.json("/operatorId").asText();
    }

    private JsonNode awaitRun(Tenant tenant, String runId, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> tenant.engineer().get("/v1/workflow-runs/" + runId).json("/status").asText(), status::equals);
        return tenant.engineer().get("/v1/workflow-runs/" + runId).body();
    }

    private record Sse(String name, JsonNode data) {
    }

    /** Reads the run's event stream to its end (it ends when the run is terminal). */
    private List<Sse> stream(Tenant tenant, String runId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/workflow-runs/" + runId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + tenant.engineer().token())
                .timeout(Duration.ofSeconds(90)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Sse> events = new ArrayList<>();
        String name = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("event:")) name = line.substring(6).trim();
            else if (line.startsWith("data:")) events.add(new Sse(name, JSON.readTree(line.substring(5).trim())));
        }
        return events;
    }

    private static int index(List<Sse> events, String type, String nodeId) {
        for (int i = 0; i < events.size(); i++) {
            if (type.equals(events.get(i).name()) && nodeId.equals(events.get(i).data().path("nodeId").asText())) return i;
        }
        throw new AssertionError("no " + type + " of " + nodeId + " in " + events);
    }

    /** An HTTP operator's server: answers 500 while {@code failing} says so (counting calls), then 200 with a JSON object. */
    private String httpServer(AtomicInteger calls, java.util.function.IntPredicate failing) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/op", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            int call = calls.incrementAndGet();
            boolean fail = failing.test(call);
            byte[] body = fail ? "{\"error\":\"broken on purpose\"}".getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(Map.of("y", x(JSON.readTree(request).at("/inputs/x")) + 1, "call", call));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/op";
    }

    /** An input wired to an echo node's {@code out} is the echoed object; the number is its {@code x}. */
    private static int x(JsonNode input) {
        return input.isObject() ? input.path("x").asInt() : input.asInt();
    }

    @Test
    void aDiamondRunsItsBranchesInParallelStreamsNodeEventsInOrderAndIsMeteredPerNode() throws Exception {
        Tenant tenant = tenant("wfrun");
        Tenant other = tenant("wfrun-other");
        WorkflowDag diamond = new WorkflowDag(List.of(
                node("start", builtin("echo"), Map.of("x", "$run.x"), Map.of(), null),
                node("left", builtin("sleep"), Map.of("x", "start.out"), Map.of("millis", 1500), null),
                node("middle", builtin("sleep"), Map.of("x", "start.out"), Map.of("millis", 1500), null),
                node("right", builtin("noop"), Map.of("x", "start.out"), Map.of(), null),
                node("join", builtin("echo"), Map.of("l", "left.sleptMillis", "m", "middle.sleptMillis", "r", "right.out"),
                        Map.of("message", "done"), null)));
        String runId = requestRun(tenant, diamond, Map.of("x", 41));

        List<Sse> events = stream(tenant, runId);
        assertThat(events.get(events.size() - 1).name()).isEqualTo("end");
        assertThat(events.get(events.size() - 1).data().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(events.get(events.size() - 2).name()).isEqualTo("WorkflowRunSucceeded");
        for (String node : List.of("start", "left", "middle", "right", "join")) {
            assertThat(index(events, "NodeExecutionQueued", node)).isLessThan(index(events, "NodeExecutionStarted", node));
            assertThat(index(events, "NodeExecutionStarted", node)).isLessThan(index(events, "NodeExecutionSucceeded", node));
        }
        for (String branch : List.of("left", "middle", "right")) {
            assertThat(index(events, "NodeExecutionSucceeded", "start")).isLessThan(index(events, "NodeExecutionQueued", branch));
            assertThat(index(events, "NodeExecutionSucceeded", branch)).isLessThan(index(events, "NodeExecutionQueued", "join"));
        }

        JsonNode run = awaitRun(tenant, runId, "SUCCEEDED");
        Instant leftStart = Instant.parse(runNode(run, "left").path("startedAt").asText());
        Instant middleStart = Instant.parse(runNode(run, "middle").path("startedAt").asText());
        Instant leftEnd = Instant.parse(runNode(run, "left").path("finishedAt").asText());
        Instant middleEnd = Instant.parse(runNode(run, "middle").path("finishedAt").asText());
        assertThat(leftStart).as("the two sleeping branches overlap").isBefore(middleEnd);
        assertThat(middleStart).isBefore(leftEnd);
        for (JsonNode node : run.path("nodes")) {
            assertThat(node.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(node.path("attempts").asInt()).isEqualTo(1);
            assertThat(node.path("logs").asText()).isEqualTo("/v1/workflow-runs/" + runId + "/nodes/" + node.path("nodeId").asText() + "/logs");
        }

        JsonNode context = tenant.engineer().get("/v1/workflow-runs/" + runId + "/context").body();
        assertThat(context.path("version").asInt()).isEqualTo(5);
        assertThat(context.at("/state/start/x").asInt()).isEqualTo(41);
        assertThat(context.at("/state/join/l").asInt()).isEqualTo(1500);
        assertThat(context.at("/state/join/message").asText()).isEqualTo("done");
        assertThat(context.path("patches")).hasSize(5);
        assertThat(context.at("/patches/0/nodeId").asText()).isEqualTo("start");
        assertThat(context.at("/patches/4/snapshot").size()).isEqualTo(5);

        Api.Response list = tenant.engineer().get("/v1/workflow-runs?workflowId=" + run.path("workflowId").asText() + "&status=SUCCEEDED");
        assertThat(list.json("/items")).hasSize(1);
        assertThat(list.json("/items/0/runId").asText()).isEqualTo(runId);
        assertThat(tenant.engineer().get("/v1/workflow-runs?status=BOGUS").status()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Map<String, Double> seconds = new HashMap<>();
            for (JsonNode line : tenant.engineer().get("/v1/billing/lines?from=2020-01-01&size=500").json("/items")) {
                if (runId.equals(line.path("runId").asText()) && line.path("resource").asText().equals("workflow-node-seconds")) {
                    seconds.merge(line.path("nodeId").asText(), line.path("quantity").asDouble(), Double::sum);
                }
            }
            assertThat(seconds).containsOnlyKeys("start", "left", "middle", "right", "join");
            assertThat(seconds.get("left")).isGreaterThanOrEqualTo(1.4);
        });

        // another tenant's run does not exist for this caller
        assertThat(other.engineer().get("/v1/workflow-runs/" + runId).status()).isEqualTo(404);
        assertThat(other.engineer().get("/v1/workflow-runs/" + runId + "/events").status()).isEqualTo(404);
        assertThat(other.engineer().get("/v1/workflow-runs/" + runId + "/context").status()).isEqualTo(404);
        assertThat(other.engineer().get("/v1/workflow-runs/" + runId + "/artifacts").status()).isEqualTo(404);
        assertThat(other.engineer().get("/v1/workflow-runs/" + runId + "/nodes/start/logs").status()).isEqualTo(404);
        assertThat(other.engineer().post("/v1/workflow-runs/" + runId + "/cancel", Map.of()).status()).isEqualTo(404);
        assertThat(other.engineer().get("/v1/workflow-runs").json("/items")).isEmpty();
    }

    @Test
    void aFailingHttpNodeIsRetriedByItsPolicyAndSucceeds() throws Exception {
        Tenant tenant = tenant("wfhttp");
        AtomicInteger calls = new AtomicInteger();
        String url = httpServer(calls, call -> call <= 2);
        WorkflowDag dag = new WorkflowDag(List.of(node("call", new OperatorRef("svc", 1, OperatorKind.HTTP, Map.of("url", url)),
                Map.of("x", "$run.x"), Map.of(), new RetryPolicy(3, Duration.ofMillis(200), 2.0))));
        String runId = requestRun(tenant, dag, Map.of("x", 1));

        JsonNode run = awaitRun(tenant, runId, "SUCCEEDED");
        assertThat(runNode(run, "call").path("attempts").asInt()).isEqualTo(3);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(tenant.engineer().get("/v1/workflow-runs/" + runId + "/context").json("/state/call/y").asInt()).isEqualTo(2);
        JsonNode logs = tenant.engineer().get("/v1/workflow-runs/" + runId + "/nodes/call/logs").body();
        assertThat(logs.path("attempts")).hasSize(3);
        assertThat(logs.at("/attempts/0/status").asText()).isEqualTo("FAILED");
        assertThat(logs.at("/attempts/0/error").asText()).contains("HTTP 500").contains("broken on purpose");
        assertThat(logs.at("/attempts/2/status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aRunFailsWithTheNodesErrorAndRerunsFromThatNodeWithoutRerunningUpstream() throws Exception {
        Tenant tenant = tenant("wfrerun");
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean broken = new AtomicBoolean(true);
        String url = httpServer(calls, call -> broken.get());
        WorkflowDag dag = new WorkflowDag(List.of(
                node("prepare", builtin("echo"), Map.of("x", "$run.x"), Map.of(), null),
                node("call", new OperatorRef("svc", 1, OperatorKind.HTTP, Map.of("url", url)), Map.of("x", "prepare.out"), Map.of(),
                        new RetryPolicy(2, Duration.ofMillis(100), 1.0)),
                node("after", builtin("echo"), Map.of("y", "call.y"), Map.of(), null)));
        String runId = requestRun(tenant, dag, Map.of("x", 10));

        JsonNode failed = awaitRun(tenant, runId, "FAILED");
        assertThat(failed.path("failedNode").asText()).isEqualTo("call");
        assertThat(failed.path("error").asText()).contains("HTTP 500");
        assertThat(runNode(failed, "call").path("status").asText()).isEqualTo("FAILED");
        assertThat(runNode(failed, "call").path("error").asText()).contains("HTTP 500");
        assertThat(runNode(failed, "call").path("attempts").asInt()).isEqualTo(2);
        assertThat(runNode(failed, "after").path("status").asText()).isEqualTo("SKIPPED");
        assertThat(calls.get()).isEqualTo(2);

        assertThat(tenant.engineer().post("/v1/workflow-runs/" + runId + "/rerun?fromNode=prepare", Map.of()).status()).isEqualTo(400);
        assertThat(tenant.engineer().post("/v1/workflow-runs/" + runId + "/rerun", Map.of()).status()).isEqualTo(400);
        broken.set(false);
        Api.Response rerun = tenant.engineer().post("/v1/workflow-runs/" + runId + "/rerun?fromNode=call", Map.of());
        assertThat(rerun.status()).as(rerun.raw()).isEqualTo(202);

        JsonNode succeeded = awaitRun(tenant, runId, "SUCCEEDED");
        assertThat(runNode(succeeded, "prepare").path("attempts").asInt()).as("upstream not run again").isEqualTo(1);
        assertThat(runNode(succeeded, "call").path("attempts").asInt()).isEqualTo(3);
        assertThat(runNode(succeeded, "after").path("attempts").asInt()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(tenant.engineer().get("/v1/workflow-runs/" + runId + "/context").json("/state/after/y").asInt()).isEqualTo(11);
        assertThat(tenant.engineer().post("/v1/workflow-runs/" + runId + "/rerun?fromNode=call", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void cancellingStopsTheSleepingNodeAndStartsNoOther() throws Exception {
        Tenant tenant = tenant("wfcancel");
        WorkflowDag dag = new WorkflowDag(List.of(
                node("nap", builtin("sleep"), Map.of(), Map.of("millis", 60_000), null),
                node("after", builtin("noop"), Map.of("n", "nap.sleptMillis"), Map.of(), null)));
        String runId = requestRun(tenant, dag, Map.of());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> runNode(tenant.engineer().get("/v1/workflow-runs/" + runId).body(), "nap").path("status").asText(), "RUNNING"::equals);

        assertThat(tenant.engineer().post("/v1/workflow-runs/" + runId + "/cancel", Map.of()).status()).isEqualTo(202);
        JsonNode run = awaitRun(tenant, runId, "CANCELLED");
        assertThat(runNode(run, "nap").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(runNode(run, "after").path("status").asText()).isEqualTo("SKIPPED");
        List<Sse> events = stream(tenant, runId);
        assertThat(events.get(events.size() - 1).data().path("status").asText()).isEqualTo("CANCELLED");
        // the sleeping job stopped early: its metered time is far below its 60 s
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (JsonNode line : tenant.engineer().get("/v1/billing/lines?from=2020-01-01&size=500").json("/items")) {
                if (runId.equals(line.path("runId").asText()) && line.path("resource").asText().equals("workflow-node-seconds")) {
                    return line.path("quantity").asDouble() < 30;
                }
            }
            return false;
        });
        assertThat(runNode(tenant.engineer().get("/v1/workflow-runs/" + runId).body(), "after").path("attempts").asInt()).isZero();
    }

    @Test
    void aCliNodesStdoutIsAnArtifactAndAnArgumentEscapingItsWorkingDirectoryFailsTheNode() throws Exception {
        Tenant tenant = tenant("wfcli");
        OperatorRef echo = new OperatorRef("shout", 1, OperatorKind.CLI, Map.of("command", "echo", "args", List.of("hello", "${who}")));
        String runId = requestRun(tenant, new WorkflowDag(List.of(node("say", echo, Map.of("who", "$run.who"), Map.of(), null))),
                Map.of("who", "fleet"));
        awaitRun(tenant, runId, "SUCCEEDED");
        JsonNode artifacts = tenant.engineer().get("/v1/workflow-runs/" + runId + "/artifacts").json("/items");
        assertThat(artifacts).hasSize(1);
        JsonNode stdout = artifacts.get(0);
        assertThat(stdout.path("name").asText()).isEqualTo("stdout.txt");
        assertThat(stdout.path("key").asText()).startsWith("tenants/" + tenant.id() + "/workflow-runs/" + runId + "/say/1/");
        assertThat(stdout.path("size").asLong()).isEqualTo("hello fleet\n".length());
        assertThat(stdout.path("sha256").asText()).hasSize(64);
        Api.Download content = tenant.engineer().download(stdout.path("contentUrl").asText());
        assertThat(content.status()).isEqualTo(200);
        assertThat(new String(content.body(), StandardCharsets.UTF_8)).isEqualTo("hello fleet\n");
        assertThat(tenant("wfcli-other").engineer().download(stdout.path("contentUrl").asText()).status()).isEqualTo(404);
        assertThat(tenant.engineer().get("/v1/workflow-runs/" + runId + "/nodes/say/logs").json("/attempts/0/log").asText()).contains("hello fleet");
        // lineage: run → node → artifact
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode graph = tenant.engineer().get("/v1/lineage/" + runId + "?direction=downstream&depth=5").body();
            List<String> types = new ArrayList<>();
            graph.path("nodes").forEach(n -> types.add(n.path("type").asText() + ":" + n.path("id").asText()));
            assertThat(types).contains("WORKFLOW_RUN:" + runId, "WORKFLOW_NODE:" + runId + "/say", "ARTIFACT:" + runId + "/say/1/stdout.txt");
        });

        OperatorRef cat = new OperatorRef("peek", 1, OperatorKind.CLI, Map.of("command", "cat", "args", List.of("${file}")));
        String escaping = requestRun(tenant, new WorkflowDag(List.of(node("peek", cat, Map.of("file", "$run.file"), Map.of(), null))),
                Map.of("file", "../../../../etc/passwd"));
        JsonNode failed = awaitRun(tenant, escaping, "FAILED");
        assertThat(runNode(failed, "peek").path("error").asText()).contains("escapes the node's working directory").contains("../../../../etc/passwd");
        assertThat(tenant.engineer().get("/v1/workflow-runs/" + escaping + "/artifacts").json("/items")).isEmpty();
    }
}
