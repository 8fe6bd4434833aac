package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.ota.RecordDeviceResultCommand;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.minio.PutObjectArgs;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an OTA operator watches: the rollout-progress stream (server-sent events) from the first snapshot to {@code end},
 * the SVG picture of the same progress, GraphQL over release tasks and batches, all within the tenant; and the audit
 * trail of every operator action.
 */
class ReleaseProgressEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "progress-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api operator = platform.api(tenant, Role.OTA_OPERATOR);
    private final String operatorName = "ota_operator@" + tenant;
    private final Api otherTenant = platform.api("progress-other-" + UUID.randomUUID().toString().substring(0, 8), Role.PLATFORM_ADMIN);

    @Test
    void anOperatorWatchesARolloutToItsEndAsAStreamAPictureAndOverGraphQl() throws Exception {
        String taskId = createRelease("v3.0.0", List.of(50, 50));
        try (EventStream stream = EventStream.open(platform.baseUrl() + "/v1/release-tasks/" + taskId + "/progress", operator.token())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            JsonNode first = stream.next("progress", p -> true);
            assertThat(first.path("status").asText()).isEqualTo("DRAFT");
            assertThat(first.path("versionId").asText()).isEqualTo("v3.0.0");
            assertThat(first.path("batches")).isEmpty();

            List<String> devices = IntStream.range(0, 4).mapToObj(i -> "dev-" + i).toList();
            assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", devices)).status()).isEqualTo(202);
            JsonNode running = stream.next("progress", p -> p.at("/batches/0/status").asText().equals("DEPLOYING"));
            assertThat(running.path("status").asText()).isEqualTo("RUNNING");
            assertThat(running.path("totalDevices").asInt()).isEqualTo(4);
            assertThat(running.path("pending").asInt()).isEqualTo(4);
            assertThat(running.at("/batches/0/deviceCount").asInt()).isEqualTo(2);
            assertThat(running.at("/batches/0/percentage").asDouble()).isEqualTo(50.0);
            assertThat(running.at("/batches/0/startedAt").asText()).isNotBlank();
            assertThat(running.at("/batches/1/status").asText()).isEqualTo("PENDING");

            assertThat(operator.post("/v1/release-tasks/" + taskId + "/pause", Map.of("reason", "look at the logs")).status()).isEqualTo(202);
            assertThat(stream.next("progress", p -> p.path("status").asText().equals("PAUSED")).path("statusReason").asText())
                    .contains("look at the logs");
            assertThat(operator.post("/v1/release-tasks/" + taskId + "/resume", null).status()).isEqualTo(202);
            stream.next("progress", p -> p.path("status").asText().equals("RUNNING"));

            report(taskId, "dev-0", true);
            JsonNode oneReport = stream.next("progress", p -> p.path("succeeded").asInt() == 1);
            assertThat(oneReport.at("/batches/0/succeeded").asInt()).isEqualTo(1);
            assertThat(oneReport.path("pending").asInt()).isEqualTo(3);
            report(taskId, "dev-1", false);
            JsonNode firstClosed = stream.next("progress", p -> p.at("/batches/0/status").asText().equals("COMPLETED"));
            assertThat(firstClosed.at("/batches/0/failed").asInt()).isEqualTo(1);
            assertThat(firstClosed.path("failed").asInt()).isEqualTo(1);

            // The interval is an hour: the operator starts the second batch now.
            assertThat(operator.post("/v1/release-tasks/" + taskId + "/batches/1/start", null).status()).isEqualTo(202);
            stream.next("progress", p -> p.at("/batches/1/status").asText().equals("DEPLOYING"));
            Document midway = svg(taskId);
            assertThat(label(midway, 1)).isEqualTo("Batch 1 · 50% · 2 devices · 1 ok · 1 failed · COMPLETED");
            assertThat(label(midway, 2)).isEqualTo("Batch 2 · 50% · 2 devices · 0 ok · 0 failed · DEPLOYING");
            assertThat(width(midway, 2, "pending")).isEqualTo(760.0);
            assertThat(starts(midway)).containsExactly("1", "2");

            report(taskId, "dev-2", true);
            report(taskId, "dev-3", true);
            JsonNode end = stream.next("end", p -> true);
            assertThat(end.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(end.path("succeeded").asInt()).isEqualTo(3);
            assertThat(end.path("failed").asInt()).isEqualTo(1);
            assertThat(end.path("pending").asInt()).isZero();
            assertThat(stream.awaitClosed()).as("the stream closes after end").isTrue();
        }

        Document done = svg(taskId);
        assertThat(title(done)).isEqualTo("Release v3.0.0 · COMPLETED");
        assertThat(label(done, 1)).isEqualTo("Batch 1 · 50% · 2 devices · 1 ok · 1 failed · COMPLETED");
        assertThat(label(done, 2)).isEqualTo("Batch 2 · 50% · 2 devices · 2 ok · 0 failed · COMPLETED");
        assertThat(width(done, 1, "succeeded")).isEqualTo(380.0);
        assertThat(width(done, 1, "failed")).isEqualTo(380.0);
        assertThat(width(done, 2, "succeeded")).isEqualTo(760.0);
        assertThat(width(done, 2, "failed")).isZero();

        // A finished rollout streams its last snapshot and end at once.
        try (EventStream again = EventStream.open(platform.baseUrl() + "/v1/release-tasks/" + taskId + "/progress", operator.token())) {
            assertThat(again.next("progress", p -> true).path("status").asText()).isEqualTo("COMPLETED");
            again.next("end", p -> true);
        }

        String query = """
                query($id: ID!) {
                  releaseTask(taskId: $id) {
                    taskId releaseType versionId artifactUri targetDeviceType status previousVersionId totalDevices successCount failureCount
                    createdAt updatedAt
                    grayPolicy { batchPercentages intervalHours interval deviceFilter { key value } successThreshold errorThreshold batchTimeout autoRollback }
                    batches { batchId batchIndex percentage deviceCount status succeeded failed silent pending startedAt completedAt }
                  }
                  releaseTasks(status: COMPLETED, page: 0, size: 10) { total items { taskId } }
                  running: releaseTasks(status: RUNNING) { total }
                }""";
        Api.Response graph = operator.graphql(query, Map.of("id", taskId));
        assertThat(graph.json("/errors").isMissingNode()).as(graph.raw()).isTrue();
        JsonNode task = graph.json("/data/releaseTask");
        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("releaseType").asText()).isEqualTo("SOTA");
        assertThat(task.path("targetDeviceType").asText()).isEqualTo("VEHICLE");
        assertThat(task.path("previousVersionId").asText()).isEqualTo("v2.9.0");
        assertThat(task.path("totalDevices").asInt()).isEqualTo(4);
        assertThat(task.path("successCount").asInt()).isEqualTo(3);
        assertThat(task.path("failureCount").asInt()).isEqualTo(1);
        assertThat(task.at("/grayPolicy/batchPercentages").toString()).isEqualTo("[50.0,50.0]");
        assertThat(task.at("/grayPolicy/interval").asText()).isEqualTo("PT1H");
        assertThat(task.at("/grayPolicy/successThreshold").asDouble()).isEqualTo(0.5);
        assertThat(task.at("/grayPolicy/deviceFilter").toString()).isEqualTo("[{\"key\":\"fleet\",\"value\":\"test\"},{\"key\":\"region\",\"value\":\"eu\"}]");
        assertThat(task.path("batches")).hasSize(2);
        assertThat(task.at("/batches/0/succeeded").asInt()).isEqualTo(1);
        assertThat(task.at("/batches/0/failed").asInt()).isEqualTo(1);
        assertThat(task.at("/batches/1/succeeded").asInt()).isEqualTo(2);
        assertThat(task.at("/batches/1/completedAt").asText()).isNotBlank();
        assertThat(graph.json("/data/releaseTasks/total").asInt()).isEqualTo(1);
        assertThat(graph.json("/data/releaseTasks/items/0/taskId").asText()).isEqualTo(taskId);
        assertThat(graph.json("/data/running/total").asInt()).isZero();

        // Another tenant sees nothing: no task, no stream, no picture.
        Api.Response foreign = otherTenant.graphql(query, Map.of("id", taskId));
        assertThat(foreign.json("/data/releaseTask").isNull()).as(foreign.raw()).isTrue();
        assertThat(foreign.json("/data/releaseTasks/total").asInt()).isZero();
        HttpResponse<String> foreignStream = HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/release-tasks/" + taskId
                + "/progress")).header("Accept", "text/event-stream").header("Authorization", "Bearer " + otherTenant.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreignStream.statusCode()).isEqualTo(404);
        assertThat(foreignStream.body()).doesNotContain("v3.0.0");
        assertThat(otherTenant.download("/v1/release-tasks/" + taskId + "/progress.svg").status()).isEqualTo(404);
        assertThat(platform.api(tenant, Role.QC_REVIEWER).download("/v1/release-tasks/" + taskId + "/progress.svg").status()).isEqualTo(403);

        // Every operator action left an accepted audit record naming the operator, the task and the tenant.
        List<JsonNode> audit = audit(taskId);
        for (String action : List.of("CreateReleaseTask", "StartRelease", "PauseRelease", "ResumeRelease", "StartBatch")) {
            assertThat(audit).as(action).anySatisfy(record -> {
                assertThat(record.path("action").asText()).isEqualTo(action);
                assertThat(record.path("operator").asText()).isEqualTo(operatorName);
                assertThat(record.path("resourceType").asText()).isEqualTo("ReleaseTask");
                assertThat(record.path("tenantId").asText()).isEqualTo(tenant);
                assertThat(record.path("outcome").asText()).isEqualTo("ACCEPTED");
            });
        }
    }

    @Test
    void aRollbackEndsTheStreamAndOperatorActionsAreAuditedAcceptedOrRejected() throws Exception {
        String taskId = createRelease("v3.1.0", List.of(100));
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", List.of("car-a", "car-b"))).status()).isEqualTo(202);
        await().atMost(AT_MOST).until(() -> "RUNNING".equals(operator.get("/v1/release-tasks/" + taskId).json("/status").asText()));
        try (EventStream stream = EventStream.open(platform.baseUrl() + "/v1/release-tasks/" + taskId + "/progress", operator.token())) {
            stream.next("progress", p -> p.path("status").asText().equals("RUNNING"));
            assertThat(operator.post("/v1/release-tasks/" + taskId + "/rollback", Map.of("reason", "brake regression")).status()).isEqualTo(202);
            JsonNode end = stream.next("end", p -> true);
            assertThat(end.path("status").asText()).isEqualTo("ROLLED_BACK");
            assertThat(end.path("statusReason").asText()).contains("brake regression");
        }
        assertThat(title(svg(taskId))).isEqualTo("Release v3.1.0 · ROLLED_BACK");
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/pause", null).status()).isEqualTo(409);

        List<JsonNode> audit = audit(taskId);
        assertThat(audit).anySatisfy(record -> {
            assertThat(record.path("action").asText()).isEqualTo("RollbackRelease");
            assertThat(record.path("operator").asText()).isEqualTo(operatorName);
            assertThat(record.path("resourceId").asText()).isEqualTo(taskId);
            assertThat(record.path("tenantId").asText()).isEqualTo(tenant);
            assertThat(record.path("outcome").asText()).isEqualTo("ACCEPTED");
        });
        assertThat(audit).anySatisfy(record -> {
            assertThat(record.path("action").asText()).isEqualTo("PauseRelease");
            assertThat(record.path("operator").asText()).isEqualTo(operatorName);
            assertThat(record.path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(record.path("detail").asText()).contains("ROLLED_BACK");
        });
    }

    private String createRelease(String version, List<Integer> percentages) throws Exception {
        byte[] artifact = SourceBucket.randomBytes(4096, version.hashCode());
        String key = "tenants/" + tenant + "/models/" + version + ".bin";
        String bucket = platform.property("fleetloop.objectstore.bucket");
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(artifact), artifact.length, -1).build());
        String previousKey = "tenants/" + tenant + "/models/v2.9.0.bin";
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(previousKey)
                .stream(new ByteArrayInputStream(artifact, 0, 100), 100, -1).build());
        List<Map<String, Object>> fleet = java.util.stream.Stream.of("dev-0", "dev-1", "dev-2", "dev-3", "car-a", "car-b")
                .map(id -> Map.<String, Object>of("deviceId", id, "deviceType", "VEHICLE", "attributes", Map.of("region", "eu", "fleet", "test")))
                .toList();
        assertThat(operator.post("/v1/devices/bulk", fleet).status()).isEqualTo(200);
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "SOTA", "versionId", version,
                "artifactUri", "s3://" + bucket + "/" + key, "targetDeviceType", "vehicle", "previousVersionId", "v2.9.0",
                "previousArtifactUri", "s3://" + bucket + "/" + previousKey,
                "grayPolicy", Map.of("batchPercentages", percentages, "interval", "PT1H", "successThreshold", 0.5, "errorThreshold", 0.5,
                        "deviceFilter", Map.of("region", "eu", "fleet", "test"))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        await().atMost(AT_MOST).until(() -> operator.get("/v1/release-tasks/" + taskId).status() == 200);
        return taskId;
    }

    /** A device's result as its DDI feedback sends it (DeviceProtocolEndToEndTest drives the feedback itself). */
    private void report(String taskId, String device, boolean success) {
        platform.bean(CommandGateway.class).sendAndWait(new RecordDeviceResultCommand(new ReleaseTaskId(taskId), tenant, device, success, null));
    }

    private List<JsonNode> audit(String taskId) {
        List<JsonNode> records = new ArrayList<>();
        platform.api(tenant, Role.AUDITOR).get("/v1/audit-records?size=200&resourceId=" + taskId).json("/items").forEach(records::add);
        return records;
    }

    private Document svg(String taskId) throws Exception {
        Api.Download download = operator.download("/v1/release-tasks/" + taskId + "/progress.svg");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("image/svg+xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(download.body()));
    }

    private static String title(Document svg) {
        return elements(svg, "text").filter(e -> e.getAttribute("id").equals("title")).findFirst().orElseThrow().getTextContent();
    }

    private static Element bar(Document svg, int batch) {
        return elements(svg, "g").filter(g -> g.getAttribute("class").equals("batch") && g.getAttribute("data-batch").equals(String.valueOf(batch)))
                .findFirst().orElseThrow(() -> new AssertionError("no bar for batch " + batch));
    }

    private static String label(Document svg, int batch) {
        return bar(svg, batch).getElementsByTagName("text").item(0).getTextContent();
    }

    private static double width(Document svg, int batch, String segment) {
        NodeList rects = bar(svg, batch).getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").equals(segment)) return Double.parseDouble(rect.getAttribute("width"));
        }
        throw new AssertionError("no " + segment + " segment in batch " + batch);
    }

    /** The batches the timeline marks as started. */
    private static List<String> starts(Document svg) {
        return elements(svg, "g").filter(g -> g.getAttribute("class").equals("start")).map(g -> g.getAttribute("data-batch")).toList();
    }

    private static Stream<Element> elements(Document svg, String tag) {
        NodeList nodes = svg.getElementsByTagName(tag);
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i));
    }

    /** A server-sent-event client: reads {@code event:}/{@code data:} lines on a background thread into a queue. */
    static final class EventStream implements AutoCloseable {

        record Event(String name, String data) {
        }

        private static final Event CLOSED = new Event(null, null);

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final HttpResponse<Stream<String>> response;
        private final CompletableFuture<Void> reader;

        private EventStream(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.reader = CompletableFuture.runAsync(this::read);
        }

        static EventStream open(String url, String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + token).GET().build();
            return new EventStream(HTTP.send(request, HttpResponse.BodyHandlers.ofLines()));
        }

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        private void read() {
            String name = null;
            StringBuilder data = new StringBuilder();
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) events.add(new Event(name == null ? "message" : name, data.toString()));
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        if (!data.isEmpty()) data.append('\n');
                        data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                    }
                }
            } catch (RuntimeException e) {
                // closed by the test
            } finally {
                events.add(CLOSED);
            }
        }

        /** The next event of that name whose JSON matches, skipping others; fails if none comes within the bound. */
        JsonNode next(String name, Predicate<JsonNode> matching) throws Exception {
            long deadline = System.nanoTime() + AT_MOST.toNanos();
            while (true) {
                Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(event).as("an event '" + name + "' within " + AT_MOST).isNotNull();
                assertThat(event).as("the stream closed before an event '" + name + "'").isNotSameAs(CLOSED);
                JsonNode json = JSON.readTree(event.data().getBytes(StandardCharsets.UTF_8));
                if (event.name().equals(name) && matching.test(json)) return json;
            }
        }

        /** True once the server closed the stream (only the end-of-stream marker is left). */
        boolean awaitClosed() throws Exception {
            reader.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
            return events.stream().allMatch(e -> e == CLOSED);
        }

        @Override
        public void close() {
            reader.cancel(true);
            try {
                response.body().close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
