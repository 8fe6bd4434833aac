package io.fleetloop.platform;

import java.time.Instant;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import io.fleetloop.projections.catalog.AssetSearchIndex;
import io.fleetloop.query.admin.ProcessorPositions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.Severity;
import org.axonframework.eventhandling.gateway.EventGateway;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every projection supports replay: after a representative workload (ingestion, a data flow dispatching an annotation
 * task that is pre-labelled and approved, an OTA release installed by devices over DDI), each projection's streaming
 * processor is shut down, reset to zero and started again; once every processor's token is back at the head of the
 * store ({@link ProcessorPositions}), the read models (every table the projections own, the asset search index) are
 * what they were. Processes and publishers are not replayed: they send commands and integration events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionReplayTest {

    private static final String OTA_TENANT = TestServers.OTA_TENANT;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "replay-" + run;
    private RunningPlatform platform;
    private HttpServer model;

    @BeforeAll
    void start() throws IOException {
        // A platform of its own: its event store holds only this workload, so nothing else moves its read models.
        Map<String, Object> properties = new LinkedHashMap<>(TestServers.platformProperties("replay"));
        properties.put("fleetloop.backfill.stall-after.ANNOTATED", "PT2S"); // the backfill below stalls, so stalls are replayed too
        platform = RunningPlatform.start(properties);
        model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext("/detect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = """
                    {"labels":[{"category":"car","confidence":0.9,"box2d":{"x":1,"y":2,"width":30,"height":20}}]}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
    }

    @AfterAll
    void stop() {
        if (model != null) model.stop(0);
        if (platform != null) platform.close();
    }

    @Test
    void replayingEveryProjectionFromZeroRebuildsTheSameReadModels() throws Exception {
        annotatedIngestion();
        installedRelease();
        stalledBackfill();
        behaviorSessionWithAMarker();
        billingTerms();
        workflowAndLogBatch();
        ProcessorPositions positions = platform.bean(ProcessorPositions.class);
        List<String> replayed = projectionGroups().stream().filter(this::isStreaming).toList();
        assertThat(replayed).as("streaming projections").contains("asset-catalog", "asset-search", "lineage", "annotation-tasks", "release-tasks");
        await().atMost(Duration.ofSeconds(60)).until(() -> positions.caughtUp(positions.all().keySet()));

        ReadModels before = readModels();
        assertThat(before.tables().get("asset_view")).hasSize(3);
        assertThat(before.tables().get("annotation_result_view")).hasSize(2);
        assertThat(before.tables().get("deployment_batch_view")).hasSize(1);
        assertThat(before.tables().get("closed_loop_kpi")).hasSize(1);
        JsonNode kpiBefore = platform.api(tenant, Role.ALGORITHM_ENGINEER).get("/v1/closed-loop/kpi").body();
        assertThat(before.searchDocuments()).hasSize(3);
        // one marker from the stalled backfill's problem sample, one from the IMU session's
        assertThat(before.tables().get("behavior_session_marker")).hasSize(2);

        for (String name : replayed) processor(name).shutDown();
        for (String name : replayed) processor(name).resetTokens();
        ReadModels cleared = readModels();
        for (String table : tablesKeptBy(replayed)) {
            // a table this workload leaves empty is still compared after the replay below
            if (before.tables().get(table).isEmpty()) continue;
            assertThat(cleared.tables().get(table).size()).as("%s cleared by its reset handler", table)
                    .isLessThan(before.tables().get(table).size());
        }
        assertThat(cleared.searchDocuments()).as("asset index cleared by its reset handler").isEmpty();
        for (String name : replayed) processor(name).start();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> positions.caughtUp(replayed));
        ReadModels after = readModels();
        for (String table : before.tables().keySet()) {
            assertThat(after.tables().get(table)).as("table %s after replay", table).isEqualTo(before.tables().get(table));
        }
        assertThat(after.searchDocuments()).as("asset search documents after replay").isEqualTo(before.searchDocuments());
        assertThat(platform.api(tenant, Role.ALGORITHM_ENGINEER).get("/v1/closed-loop/kpi").body()).as("KPI after replay").isEqualTo(kpiBefore);
    }


    @Test
    void everyProjectionRunsOnAStreamingProcessorSoItCanBeReplayed() {
        assertThat(projectionGroups()).isNotEmpty();
        assertThat(projectionGroups().stream().filter(group -> !isStreaming(group)))
                .as("projections on subscribing processors (a replay cannot rebuild them)").isEmpty();
    }

    /** An admin sets a quota and adds credits (the metering read models that usage alone leaves empty). */
    /** A workflow with a run of it (definitions, runs, nodes, context) and a vehicle log batch. */
    private void workflowAndLogBatch() {
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api.Response workflow = engineer.post("/v1/workflows", Map.of("name", "replay", "nodes",
                List.of(Map.of("nodeId", "n", "operatorId", "builtin:echo", "parameters", Map.of("message", "hi")))));
        assertThat(workflow.status()).as(workflow.raw()).isEqualTo(201);
        String workflowId = workflow.json("/workflowId").asText();
        Api.Response run = engineer.post("/v1/workflows/" + workflowId + "/runs", Map.of());
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        String runId = run.json("/runId").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> "SUCCEEDED".equals(engineer.get("/v1/workflow-runs/" + runId).json("/status").asText()));
        Api.Response batch = engineer.post("/api/v1/batches", Map.of("vehicleId", "replay-car", "vehiclePlatform", "J7", "firmwareVersion", "1.0"));
        assertThat(batch.status()).as(batch.raw()).isEqualTo(201);
    }

    private void billingTerms() {
        Api admin = platform.api(tenant, Role.PLATFORM_ADMIN);
        assertThat(admin.put("/v1/quotas/ingested-bytes", Map.of("limit", 1e12, "period", "MONTH")).status()).isEqualTo(204);
        assertThat(admin.post("/v1/billing/credits", Map.of("amount", 100, "reference", "replay")).status()).isEqualTo(204);
    }

    /** A data flow turns an ingestion of two camera frames into an annotation task; a model pre-labels it; a reviewer approves it. */
    private void annotatedIngestion() {
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api manager = platform.api(tenant, Role.ANNOTATION_MANAGER);
        Api reviewer = platform.api(tenant, Role.QC_REVIEWER);
        Api.Response flow = manager.post("/v1/data-flows", Map.of("name", "camera to boxes", "flowRule", Map.of("modality", "CAMERA"),
                "action", Map.of("type", "ANNOTATE", "annotationType", "BOX_2D", "runPreLabeling", true,
                        "preLabelConfig", Map.of("labeler", "HTTP", "endpoint", "http://127.0.0.1:" + model.getAddress().getPort() + "/detect",
                                "minConfidence", 0.5))));
        assertThat(flow.status()).as(flow.raw()).isEqualTo(201);

        Ingestions.storeCredentials(engineer, "keys");
        SourceBucket bucket = new SourceBucket("replay-" + run);
        bucket.put("cam/0001.jpg", SourceBucket.randomBytes(2_000, 1), Map.of("vin", "LSV" + run));
        bucket.put("cam/0002.jpg", SourceBucket.randomBytes(3_000, 2));
        String sourceId = Ingestions.createSource(engineer, "cameras", bucket.name(), "", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", "cameras", "CAMERA");
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");

        String annotationTask = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (JsonNode task : manager.get("/v1/annotation-tasks?size=100").json("/items")) {
                if ("IN_REVIEW".equals(task.path("status").asText())) return task.path("taskId").asText();
            }
            return null;
        }, id -> id != null);
        for (JsonNode result : reviewer.get("/v1/annotation-tasks/" + annotationTask + "/results").json("/items")) {
            assertThat(reviewer.post("/v1/annotation-results/" + result.path("resultId").asText() + "/approve", null).status()).isEqualTo(204);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> manager.get("/v1/annotation-tasks/" + annotationTask).json("/status").asText(), "COMPLETED"::equals);
    }

    /** A behaviour session over an ingested IMU log, with a problem sample marked on its timeline. */
    private void behaviorSessionWithAMarker() {
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        Api algorithms = platform.api(tenant, Role.ALGORITHM_ENGINEER);
        SourceBucket bucket = new SourceBucket("replay-imu-" + run);
        bucket.put("imu/imu.csv", "timestamp,ax\n1700000000.0,0.5\n1700000000.5,0.7\n1700000001.0,0.9\n".getBytes(StandardCharsets.UTF_8));
        String sourceId = Ingestions.createSource(engineer, "imu", bucket.name(), "", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", "imu", "IMU");
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");
        String assetId = await().atMost(Duration.ofSeconds(30)).until(
                () -> engineer.get("/v1/assets?sourceId=" + sourceId).json("/items/0/assetId").asText(), id -> !id.isEmpty());
        Api.Response session = algorithms.post("/v1/behavior-sessions", Map.of("name", "imu only", "assetIds", List.of(assetId)));
        assertThat(session.status()).as(session.raw()).isEqualTo(201);
        Instant from = Instant.parse(session.json("/from").asText());
        platform.bean(EventGateway.class).publish(new ProblemSampleIdentifiedEvent(new ProblemSampleId("ps-" + run), tenant,
                new BehaviorSessionId(session.json("/sessionId").asText()), ProblemType.CONTROL,
                new RootCauseSegment(from, from.plusMillis(500), List.of("imu/ax")), Severity.LOW, null, List.of(new io.fleetloop.api.catalog.AssetId(assetId)), null,
                List.of(), "user:test", from));
    }

    /** A one-batch release of a model to two cars, installed by both over DDI: the closed loop completes. */
    private void installedRelease() throws Exception {
        Api operator = platform.api(OTA_TENANT, Role.OTA_OPERATOR);
        String bucket = platform.property("fleetloop.objectstore.bucket");
        String v1 = SourceBucket.putPlatformObject(bucket, "tenants/" + OTA_TENANT + "/models/" + run + "/v1.bin", SourceBucket.randomBytes(10_000, 3));
        String v2 = SourceBucket.putPlatformObject(bucket, "tenants/" + OTA_TENANT + "/models/" + run + "/v2.bin", SourceBucket.randomBytes(20_000, 4));
        List<Map<String, Object>> cars = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> car = new LinkedHashMap<>();
            car.put("deviceId", "car-" + run + "-" + i);
            car.put("deviceType", "VEHICLE");
            car.put("attributes", Map.of("fleet", "replay-" + run));
            car.put("installedVersion", "v1-" + run);
            car.put("securityToken", "token-" + run + "-" + i + "-0123456789");
            cars.add(car);
        }
        assertThat(operator.post("/v1/devices/bulk", cars).status()).isEqualTo(200);
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "DOTA", "versionId", "v2-" + run, "artifactUri", v2,
                "targetDeviceType", "vehicle", "previousVersionId", "v1-" + run, "previousArtifactUri", v1,
                "grayPolicy", Map.of("batchPercentages", List.of(100), "interval", "PT0S", "deviceFilter", Map.of("fleet", "replay-" + run),
                        "successThreshold", 1.0, "errorThreshold", 0.0)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String releaseId = created.json("/taskId").asText();
        assertThat(operator.post("/v1/release-tasks/" + releaseId + "/start", null).status()).isEqualTo(202);

        for (Map<String, Object> car : cars) {
            Ddi ddi = Ddi.gateway(platform, OTA_TENANT, (String) car.get("deviceId"), TestServers.OTA_GATEWAY_TOKEN);
            String href = await().atMost(Duration.ofSeconds(30)).until(() -> ddi.poll().json("/_links/deploymentBase/href").asText(), h -> !h.isEmpty());
            JsonNode action = ddi.get(href).body();
            assertThat(ddi.feedback(href, action.path("id").asText(), "proceeding", "none", "downloading").status()).isEqualTo(200);
            assertThat(ddi.feedback(href, action.path("id").asText(), "closed", "success", "installed").status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> operator.get("/v1/release-tasks/" + releaseId).json("/status").asText(), "COMPLETED"::equals);
    }

    /**
     * A problem sample in a session over the ingested frames, exported to annotation, and a backfill that ingests nothing
     * new: it reaches DATA_INGESTED, then stalls waiting for annotation.
     */
    private void stalledBackfill() {
        Api algorithm = platform.api(tenant, Role.ALGORITHM_ENGINEER);
        List<String> assets = algorithm.get("/v1/assets?size=100").json("/items").findValuesAsText("assetId");
        assertThat(assets).hasSize(2);
        // STAND-IN for POST /v1/behavior-sessions (kept): the session's creation event on the platform's event bus, over the
        // tenant's two camera frames, which are no readable session source (the endpoint reads frame indexes, CSV, ...).
        String session = "replay-session-" + run;
        platform.bean(org.axonframework.eventhandling.gateway.EventGateway.class).publish(new io.fleetloop.api.behavior.BehaviorSessionCreatedEvent(
                new io.fleetloop.api.behavior.BehaviorSessionId(session), tenant, "front camera", null,
                assets.stream().map(a -> new io.fleetloop.api.behavior.SessionSource(new io.fleetloop.api.catalog.AssetId(a),
                        io.fleetloop.api.behavior.SourceKind.CAMERA, 0, Map.of())).toList(),
                java.time.Instant.parse("2026-11-30T09:00:00Z"), java.time.Instant.parse("2026-11-30T09:10:00Z"), List.of("night"), "me",
                java.time.Instant.now()));
        Api.Response sample = algorithm.post("/v1/problem-samples", Map.of("sessionId", session, "problemType", "PERCEPTION", "severity", "LOW",
                "rootCauseSegment", Map.of("from", "2026-11-30T09:01:00Z", "to", "2026-11-30T09:01:05Z", "channels", List.of("camera/front"))));
        assertThat(sample.status()).as(sample.raw()).isEqualTo(201);
        String sampleId = sample.json("/sampleId").asText();
        assertThat(algorithm.post("/v1/problem-samples/export-to-annotation", Map.of("sampleIds", List.of(sampleId), "annotationType", "BOX_2D",
                "preLabelConfig", Map.of("labeler", "HTTP", "endpoint", "http://127.0.0.1:" + model.getAddress().getPort() + "/detect"))).status())
                .isEqualTo(201);
        Api.Response decided = algorithm.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId),
                "includePattern", "nothing-new/**"));
        assertThat(decided.status()).as(decided.raw()).isEqualTo(201);
        String decisionId = decided.json("/decisionId").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> algorithm.get("/v1/feedback-decisions/" + decisionId).json("/stalls").size() == 1);
        assertThat(algorithm.get("/v1/feedback-decisions/" + decisionId).json("/stalls/0/awaitedStage").asText()).isEqualTo("ANNOTATED");
    }

    /** The processing groups of every projection: classes under {@code io.fleetloop.projections} with a {@code @ProcessingGroup}. */
    private static List<String> projectionGroups() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ProcessingGroup.class));
        return scanner.findCandidateComponents("io.fleetloop.projections").stream().map(definition -> {
            try {
                return Class.forName(definition.getBeanClassName()).getAnnotation(ProcessingGroup.class).value();
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().sorted().toList();
    }

    private boolean isStreaming(String group) {
        return platform.bean(EventProcessingConfiguration.class).eventProcessor(group, StreamingEventProcessor.class).isPresent();
    }

    private StreamingEventProcessor processor(String group) {
        return platform.bean(EventProcessingConfiguration.class).eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
    }

    /** The read models: every table docs/architecture.md gives to projections (rows as sorted text), and the asset index. */
    record ReadModels(Map<String, List<String>> tables, Map<String, Object> searchDocuments) {
    }

    private ReadModels readModels() throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(platform.bean(DataSource.class));
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : projectionTables()) {
            List<String> rows = new ArrayList<>();
            for (Map<String, Object> row : jdbc.queryForList("select * from " + table)) {
                Map<String, String> columns = new TreeMap<>();
                row.forEach((column, value) -> columns.put(column, text(value)));
                rows.add(columns.toString());
            }
            rows.sort(null);
            tables.put(table, rows);
        }
        ElasticsearchClient search = platform.bean(ElasticsearchClient.class);
        String index = platform.bean(AssetSearchIndex.class).indexName();
        Map<String, Object> documents = new TreeMap<>();
        if (search.indices().exists(e -> e.index(index)).value()) {
            search.indices().refresh(r -> r.index(index));
            search.search(s -> s.index(index).size(10_000), Map.class).hits().hits().forEach(hit -> documents.put(hit.id(), hit.source()));
        }
        return new ReadModels(tables, documents);
    }

    private static String text(Object value) {
        try {
            return value instanceof Array array ? Arrays.deepToString((Object[]) array.getArray()) : String.valueOf(value);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> projectionTables() throws IOException {
        return ownership().entrySet().stream().filter(e -> e.getValue().get(0).equals("projections")).map(Map.Entry::getKey).toList();
    }

    /** Tables whose "kept by" names one of these processors. */
    private static List<String> tablesKeptBy(List<String> processors) throws IOException {
        List<String> tables = new ArrayList<>();
        ownership().forEach((table, ownerAndKeepers) -> {
            if (ownerAndKeepers.stream().skip(1).anyMatch(processors::contains)) tables.add(table);
        });
        return tables;
    }

    /** table → [owner module, processors named in "kept by"...], from docs/architecture.md's Table ownership section. */
    private static Map<String, List<String>> ownership() throws IOException {
        Path docs = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(docs.resolve("docs/architecture.md"))) docs = docs.getParent();
        Map<String, List<String>> ownership = new TreeMap<>();
        for (List<String> row : TableOwnershipTest.ownershipRows(Files.readString(docs.resolve("docs/architecture.md")))) {
            if (row.size() != 4) continue;
            List<String> entry = new ArrayList<>(List.of(row.get(2).replaceAll("\\(.*\\)", "").trim()));
            Matcher keepers = Pattern.compile("`([a-z-]+)`").matcher(row.get(3));
            while (keepers.find()) entry.add(keepers.group(1));
            ownership.put(row.get(0).replace("`", "").trim(), entry);
        }
        return ownership;
    }
}
