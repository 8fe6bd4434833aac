package io.fleetloop.platform.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.SessionSource;
import io.fleetloop.api.behavior.SourceKind;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.ModelReadyWebhook;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import io.fleetloop.platform.support.WebhookReceiver;
import io.fleetloop.workers.annotation.labeling.SyntheticScenes;
import io.minio.PutObjectArgs;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed 000 §4 steps 5–14 and §10 through the public API on the real servers: a problem sample is marked in a behaviour
 * session (on Kafka), sent to annotation, and a backfill is triggered; the feedback decision (on Kafka) starts the
 * backfill process, which ingests the new data from the S3 source, has it annotated (reviewed over REST), exported,
 * announced to the training platform; the model-ready webhook names the dataset, the release rolls out to a device
 * speaking DDI, and the decision shows every stage in order. Bad input answers 4xx and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedLoopEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration AT_MOST = Duration.ofSeconds(90);
    /** The model-ready webhook is configured for this tenant only, so the whole loop runs in it. */
    private static final String TENANT = TestServers.OTA_TENANT;
    private static final Instant SESSION_FROM = Instant.parse("2026-11-30T09:00:00Z");
    private static final Instant SESSION_TO = Instant.parse("2026-11-30T09:10:00Z");

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String car = "car-" + run;
    private Api engineer;
    private Api algorithm;
    private Api manager;
    private Api reviewer;
    private Api operator;
    private Api otherTenant;
    private String sessionId;
    private List<String> sessionAssets;

    @BeforeAll
    void start() {
        engineer = platform.api(TENANT, Role.DATA_ENGINEER);
        algorithm = platform.api(TENANT, Role.ALGORITHM_ENGINEER);
        manager = platform.api(TENANT, Role.ANNOTATION_MANAGER);
        reviewer = platform.api(TENANT, Role.QC_REVIEWER);
        operator = platform.api(TENANT, Role.OTA_OPERATOR);
        otherTenant = platform.api("loop-other-" + run, Role.PLATFORM_ADMIN);
        Ingestions.storeCredentials(engineer, "loop-keys");

        // The recorded drive, ingested and catalogued: an IMU CSV (1 Hz over ten minutes) and the index of two LiDAR
        // scans (the frame index is what a session reads of LiDAR), both readable session sources.
        long fromSeconds = SESSION_FROM.getEpochSecond();
        StringBuilder imu = new StringBuilder("timestamp,accel_x,yaw_rate\n");
        for (long t = fromSeconds; t <= SESSION_TO.getEpochSecond(); t++) imu.append(t).append(",").append((t % 7) / 10.0).append(",0.01\n");
        String index = "path,timestamp\n" + car + "/velodyne/000000.bin," + fromSeconds * 1_000_000_000L + "\n"
                + car + "/velodyne/000001.bin," + SESSION_TO.getEpochSecond() * 1_000_000_000L + "\n";
        Map<String, byte[]> recorded = new LinkedHashMap<>();
        recorded.put(car + "/imu.csv", imu.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        recorded.put(car + "/lidar-index.csv", index.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String recordedSource = ingest("recorded-" + run, recorded, "OTHER");
        Map<String, String> byName = new LinkedHashMap<>();
        engineer.get("/v1/assets?sourceId=" + recordedSource).json("/items").forEach(a -> {
            String path = a.path("storagePath").asText();
            byName.put(path.substring(path.lastIndexOf('/') + 1), a.path("assetId").asText());
        });
        sessionAssets = List.of(byName.get("imu.csv"), byName.get("lidar-index.csv"));
        assertThat(sessionAssets).doesNotContainNull();
        assertThat(operator.post("/v1/devices/bulk", List.of(Map.of("deviceId", car, "deviceType", "VEHICLE", "attributes", Map.of("fleet", "loop-" + run),
                "installedVersion", "loop-v1-" + run, "securityToken", "token-" + run + "-0123456789"))).status()).isEqualTo(200);

        // The behaviour session over them, through the real endpoint.
        Api.Response session = algorithm.post("/v1/behavior-sessions", Map.of("name", "takeover at the ramp", "deviceId", car,
                "sceneTags", List.of("highway", "rain"), "sources", List.of(Map.of("assetId", byName.get("imu.csv"), "kind", "IMU"),
                        Map.of("assetId", byName.get("lidar-index.csv"), "kind", "LIDAR"))));
        assertThat(session.status()).as(session.raw()).isEqualTo(201);
        assertThat(session.json("/from").asText()).isEqualTo(SESSION_FROM.toString());
        assertThat(session.json("/to").asText()).isEqualTo(SESSION_TO.toString());
        sessionId = session.json("/sessionId").asText();
    }

    private String ingest(String name, Map<String, byte[]> objects, String modality) {
        SourceBucket bucket = new SourceBucket(name);
        objects.forEach(bucket::put);
        String sourceId = Ingestions.createSource(engineer, name, bucket.name(), "", "loop-keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", name, modality);
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(AT_MOST).until(() -> engineer.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == objects.size());
        return sourceId;
    }

    private Map<String, Object> sample(String session, Instant from, Instant to, String problemType) {
        return sample(session, from, to, problemType, List.of("can/accel_x", "takeover", "lidar/top"));
    }

    private Map<String, Object> sample(String session, Instant from, Instant to, String problemType, List<String> channels) {
        return Map.of("sessionId", session, "problemType", problemType, "severity", "HIGH", "notes", "late takeover, hard braking",
                "rootCauseSegment", Map.of("from", from.toString(), "to", to.toString(), "channels", channels));
    }

    @Test
    void aProblemSampleBecomesABackfillAnnotationADatasetAReleaseAndARolloutWithEveryStageRecorded() throws Exception {
        try (KafkaTap kafka = new KafkaTap(TENANT, List.of("behavior.problem-identified", "behavior.feedback-decision", "ota.release-created"))) {
            Instant from = SESSION_FROM.plusSeconds(120);
            Instant to = SESSION_FROM.plusSeconds(130);

            // Bad input: unknown or another tenant's session 404; reversed or outside the session 400; unknown type 400.
            assertThat(algorithm.post("/v1/problem-samples", sample("no-such-session", from, to, "CONTROL")).status()).isEqualTo(404);
            assertThat(otherTenant.post("/v1/problem-samples", sample(sessionId, from, to, "CONTROL")).status()).isEqualTo(404);
            Api.Response reversed = algorithm.post("/v1/problem-samples", sample(sessionId, to, from, "CONTROL"));
            assertThat(reversed.status()).isEqualTo(400);
            assertThat(reversed.contentType()).startsWith("application/problem+json");
            assertThat(algorithm.post("/v1/problem-samples", sample(sessionId, SESSION_TO.minusSeconds(5), SESSION_TO.plusSeconds(5), "CONTROL")).status())
                    .as("outside the session").isEqualTo(400);
            assertThat(algorithm.post("/v1/problem-samples", sample(sessionId, from, to, "WEATHER")).status()).isEqualTo(400);
            assertThat(reviewer.post("/v1/problem-samples", sample(sessionId, from, to, "CONTROL")).status()).isEqualTo(403);

            // Step 5–6: the sample, on Kafka.
            Api.Response created = algorithm.post("/v1/problem-samples", sample(sessionId, from, to, "CONTROL"));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String sampleId = created.json("/sampleId").asText();
            await().atMost(AT_MOST).until(() -> kafka.on("behavior.problem-identified").stream().anyMatch(r -> r.key().equals(sampleId)));
            JsonNode identified = kafka.on("behavior.problem-identified").stream().filter(r -> r.key().equals(sampleId)).findFirst().orElseThrow().cloudEvent();
            assertThat(identified.path("type").asText()).isEqualTo("io.fleetloop.ProblemSampleIdentified");
            assertThat(identified.at("/data/sessionId").asText()).isEqualTo(sessionId);
            assertThat(identified.at("/data/problemType").asText()).isEqualTo("CONTROL");
            assertThat(kafka.on("behavior.problem-identified").stream().filter(r -> r.cloudEvent().at("/data/sessionId").asText().equals(sessionId)))
                    .as("the refused samples wrote nothing").hasSize(1);
            await().atMost(AT_MOST).until(() -> algorithm.get("/v1/problem-samples/" + sampleId).status() == 200);
            JsonNode shown = algorithm.get("/v1/problem-samples/" + sampleId).body();
            assertThat(shown.path("deviceId").asText()).isEqualTo(car);
            assertThat(JSON.convertValue(shown.path("assetIds"), List.class)).containsExactlyInAnyOrderElementsOf(sessionAssets);
            assertThat(algorithm.get("/v1/problem-samples?sessionId=" + sessionId).json("/total").asInt()).isEqualTo(1);
            assertThat(otherTenant.get("/v1/problem-samples/" + sampleId).status()).isEqualTo(404);
            assertThat(otherTenant.get("/v1/problem-samples?sessionId=" + sessionId).json("/total").asInt()).isZero();

            // Step 7–8: export to annotation creates a task over the session's assets.
            assertThat(algorithm.post("/v1/problem-samples/export-to-annotation", Map.of("sampleIds", List.of("no-such-sample"),
                    "annotationType", "BOX_3D")).status()).isEqualTo(404);
            assertThat(otherTenant.post("/v1/problem-samples/export-to-annotation", Map.of("sampleIds", List.of(sampleId),
                    "annotationType", "BOX_3D")).status()).isEqualTo(404);
            Api.Response exported = algorithm.post("/v1/problem-samples/export-to-annotation", Map.of("sampleIds", List.of(sampleId),
                    "annotationType", "BOX_3D", "preLabelConfig", Map.of("labeler", "BUILTIN_LIDAR", "minConfidence", 0.2)));
            assertThat(exported.status()).as(exported.raw()).isEqualTo(201);
            assertThat(exported.json("/assetCount").asInt()).isEqualTo(2);
            String sampleTask = exported.json("/annotationTaskId").asText();
            await().atMost(AT_MOST).until(() -> manager.get("/v1/annotation-tasks/" + sampleTask).status() == 200);
            assertThat(manager.get("/v1/annotation-tasks/" + sampleTask).json("/assetCount").asInt()).isEqualTo(2);
            await().atMost(AT_MOST).until(() -> algorithm.get("/v1/problem-samples/" + sampleId).json("/annotationTaskIds").toString().contains(sampleTask));

            // The new data the backfill will take, in a source of its own.
            Map<String, byte[]> fresh = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) fresh.put(car + "/velodyne/" + String.format("%06d", 100 + i) + ".bin", SyntheticScenes.generate(400 + i).cloud().toKittiBin());
            fresh.put("other-car/velodyne/000000.bin", SyntheticScenes.generate(499).cloud().toKittiBin());
            SourceBucket bucket = new SourceBucket("backfill-" + run);
            fresh.forEach(bucket::put);
            String backfillSource = Ingestions.createSource(engineer, "backfill-" + run, bucket.name(), "", "loop-keys");

            // Step 9 bad input: unknown samples 404, another tenant's 404, a source that is none of the tenant's 400, no source named
            // while the tenant has several 400 — and no decision is made.
            assertThat(algorithm.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of("no-such-sample"), "sourceId", backfillSource))
                    .status()).isEqualTo(404);
            assertThat(otherTenant.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId))).status()).isEqualTo(404);
            Api.Response foreignSource = algorithm.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId), "sourceId", "nope"));
            assertThat(foreignSource.status()).isEqualTo(400);
            assertThat(foreignSource.raw()).contains("sourceId");
            Api.Response noSource = algorithm.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId)));
            assertThat(noSource.status()).as(noSource.raw()).isEqualTo(400);
            assertThat(noSource.raw()).contains("several data sources");
            assertThat(reviewer.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId), "sourceId", backfillSource)).status())
                    .isEqualTo(403);

            // Step 9–11: the decision, its scope, on Kafka.
            Api.Response decided = algorithm.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId), "sourceId", backfillSource,
                    "includePattern", car + "/**", "modality", "LIDAR"));
            assertThat(decided.status()).as(decided.raw()).isEqualTo(201);
            String decisionId = decided.json("/decisionId").asText();
            JsonNode scope = decided.json("/nextIngestionScope");
            assertThat(scope.path("triggerRule").asText()).isEqualTo("takeover == 1 || accel_x < -4");
            assertThat(scope.path("deviceIds").get(0).asText()).isEqualTo(car);
            assertThat(scope.path("deviceTypes").get(0).asText()).isEqualTo("VEHICLE");
            assertThat(scope.path("preSeconds").asInt()).isEqualTo(10);
            assertThat(scope.path("postSeconds").asInt()).isEqualTo(5);
            assertThat(scope.at("/windows/0/from").asText()).isEqualTo(from.minusSeconds(10).toString());
            assertThat(scope.at("/windows/0/to").asText()).isEqualTo(to.plusSeconds(5).toString());
            assertThat(JSON.convertValue(scope.path("sceneTags"), List.class)).containsExactly("highway", "rain");
            assertThat(JSON.convertValue(scope.path("modalities"), List.class)).containsExactly("LIDAR", "CAN");
            assertThat(scope.path("sourceId").asText()).isEqualTo(backfillSource);
            await().atMost(AT_MOST).until(() -> kafka.on("behavior.feedback-decision").stream().anyMatch(r -> r.key().equals(decisionId)));
            JsonNode decision = kafka.on("behavior.feedback-decision").stream().filter(r -> r.key().equals(decisionId)).findFirst().orElseThrow().cloudEvent();
            assertThat(decision.at("/data/sampleIds/0").asText()).isEqualTo(sampleId);
            assertThat(decision.at("/data/nextIngestionScope/triggerRule").asText()).isEqualTo("takeover == 1 || accel_x < -4");
            assertThat(kafka.on("behavior.feedback-decision").stream().filter(r -> r.cloudEvent().at("/data/sampleIds").toString().contains(sampleId)))
                    .as("the refused triggers decided nothing").hasSize(1);

            // Step 12–14 and §10 3–5: the backfill's ingestion ran against the source, only the car's objects.
            JsonNode ingested = awaitStage(decisionId, "DATA_INGESTED");
            String ingestionTask = ingested.path("refs").get(0).asText();
            JsonNode ingestion = engineer.get("/v1/ingestion-tasks/" + ingestionTask).body();
            assertThat(ingestion.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(ingestion.path("sourceId").asText()).isEqualTo(backfillSource);
            await().atMost(AT_MOST).until(() -> engineer.get("/v1/assets?sourceId=" + backfillSource).json("/total").asInt() == 3);
            List<String> backfilled = engineer.get("/v1/assets?sourceId=" + backfillSource).json("/items").findValuesAsText("assetId");
            assertThat(ingested.path("refs").size()).isEqualTo(4);

            // §10 6–7: the backfill's annotation task over those assets, pre-labelled; a reviewer approves every result.
            String[] backfillTask = new String[1];
            await().atMost(AT_MOST).until(() -> {
                for (JsonNode task : manager.get("/v1/annotation-tasks?size=100").json("/items")) {
                    if (task.path("origin").asText().equals("backfill:" + decisionId)) backfillTask[0] = task.path("taskId").asText();
                }
                return backfillTask[0] != null;
            });
            String taskId = backfillTask[0];
            await().atMost(AT_MOST).until(() -> "IN_REVIEW".equals(manager.get("/v1/annotation-tasks/" + taskId).json("/status").asText()));
            assertThat(manager.get("/v1/annotation-tasks/" + taskId).json("/assetCount").asInt()).isEqualTo(3);
            JsonNode results = reviewer.get("/v1/annotation-tasks/" + taskId + "/results?size=100").body();
            List<String> resultAssets = new ArrayList<>();
            for (JsonNode result : results.path("items")) {
                resultAssets.add(result.path("assetId").asText());
                assertThat(reviewer.post("/v1/annotation-results/" + result.path("resultId").asText() + "/approve", null).status()).isEqualTo(204);
            }
            assertThat(resultAssets).containsExactlyInAnyOrderElementsOf(backfilled);
            awaitStage(decisionId, "ANNOTATED");

            // §10 8–9: the export is a dataset of this loop; the training platform hears of it.
            Api.Download kitti = algorithm.download("/v1/annotation-tasks/" + taskId + "/export?format=kitti");
            assertThat(kitti.status()).isEqualTo(200);
            String dataset = kitti.header("X-Dataset-Asset-Id");
            assertThat(awaitStage(decisionId, "EXPORTED").path("refs").get(0).asText()).isEqualTo(dataset);
            await().atMost(AT_MOST).until(() -> WebhookReceiver.get().accepted().stream().anyMatch(r -> r.body().contains(dataset)));

            // §10 11: the trained model comes back through the model-ready webhook naming that dataset.
            String bucketName = platform.property("fleetloop.objectstore.bucket");
            byte[] model = SourceBucket.randomBytes(50_000, run.hashCode());
            String key = "tenants/" + TENANT + "/models/loop-" + run + ".bin";
            SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucketName).object(key)
                    .stream(new ByteArrayInputStream(model), model.length, -1).build());
            String version = "loop-v2-" + run;
            String payload = JSON.writeValueAsString(Map.of("versionId", version, "artifactUri", "s3://" + bucketName + "/" + key,
                    "artifactType", "SOTA", "targetDeviceType", "vehicle", "datasetIds", List.of(dataset),
                    "grayPolicy", Map.of("batchPercentages", List.of(100), "interval", "PT1H", "deviceFilter", Map.of("fleet", "loop-" + run))));
            HttpResponse<String> ready = ModelReadyWebhook.sendSigned(platform, payload);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(201);
            String releaseId = JSON.readTree(ready.body()).path("taskId").asText();
            await().atMost(AT_MOST).until(() -> kafka.on("ota.release-created").stream().anyMatch(r -> r.key().equals(releaseId)));
            JsonNode releaseCreated = kafka.on("ota.release-created").stream().filter(r -> r.key().equals(releaseId)).findFirst().orElseThrow().cloudEvent();
            assertThat(releaseCreated.at("/data/datasetIds/0").asText()).isEqualTo(dataset);
            JsonNode modelReady = awaitStage(decisionId, "MODEL_READY");
            assertThat(JSON.convertValue(modelReady.path("refs"), List.class)).containsExactly(releaseId, version, dataset);

            // §10 12–13: the release rolls out to the car, which installs it over DDI.
            await().atMost(AT_MOST).until(() -> operator.get("/v1/release-tasks/" + releaseId).status() == 200);
            Api.Response started = operator.post("/v1/release-tasks/" + releaseId + "/start", Map.of("deviceIds", List.of(car)));
            assertThat(started.status()).as(started.raw()).isEqualTo(202);
            awaitStage(decisionId, "ROLLOUT_STARTED");
            Ddi device = Ddi.target(platform, TENANT, car, "token-" + run + "-0123456789");
            String[] actionHref = new String[1];
            await().atMost(AT_MOST).until(() -> {
                JsonNode link = device.poll().json("/_links/deploymentBase/href");
                actionHref[0] = link.isMissingNode() ? null : link.asText();
                return actionHref[0] != null;
            });
            String actionId = device.get(actionHref[0]).json("/id").asText();
            assertThat(device.feedback(actionHref[0], actionId, "proceeding", "none", "downloading").status()).isEqualTo(200);
            assertThat(device.feedback(actionHref[0], actionId, "closed", "success", "installed").status()).isEqualTo(200);
            awaitStage(decisionId, "ROLLOUT_COMPLETED");

            // Every stage once, in the loop's order, each at or after the one before; nothing awaited, nothing stalled.
            JsonNode view = algorithm.get("/v1/feedback-decisions/" + decisionId).body();
            assertThat(view.path("stages").findValuesAsText("stage")).containsExactly("INGESTION_STARTED", "DATA_INGESTED", "ANNOTATED", "EXPORTED",
                    "MODEL_READY", "ROLLOUT_STARTED", "ROLLOUT_COMPLETED");
            Instant previous = Instant.parse(view.path("decidedAt").asText());
            for (JsonNode stage : view.path("stages")) {
                Instant at = Instant.parse(stage.path("reachedAt").asText());
                assertThat(at).as(stage.path("stage").asText()).isAfterOrEqualTo(previous);
                previous = at;
            }
            assertThat(view.path("awaitedStage").isMissingNode() || view.path("awaitedStage").isNull()).isTrue();
            assertThat(view.path("stalls")).isEmpty();
            assertThat(view.path("sampleIds").get(0).asText()).isEqualTo(sampleId);
            assertThat(otherTenant.get("/v1/feedback-decisions/" + decisionId).status()).isEqualTo(404);
            assertThat(algorithm.get("/v1/feedback-decisions/no-such-decision").status()).isEqualTo(404);
        }
    }

    @Test
    void aTenantWithoutADataSourceCannotTriggerABackfill() {
        String tenant = "loop-empty-" + run;
        Api alone = platform.api(tenant, Role.ALGORITHM_ENGINEER, Role.DATA_ENGINEER);
        Ingestions.storeCredentials(alone, "keys");
        SourceBucket bucket = new SourceBucket("loop-empty-" + run);
        StringBuilder imu = new StringBuilder("timestamp,accel_x\n");
        for (long t = SESSION_FROM.getEpochSecond(); t <= SESSION_TO.getEpochSecond(); t += 60) imu.append(t).append(",0.1\n");
        bucket.put("drive/imu.csv", imu.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String source = Ingestions.createSource(alone, "recorded", bucket.name(), "", "keys");
        String task = Ingestions.createTask(alone, source, "**", "recorded", "OTHER");
        Ingestions.start(alone, task);
        assertThat(Ingestions.awaitEnd(alone, task).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(AT_MOST).until(() -> alone.get("/v1/assets?sourceId=" + source).json("/total").asInt() == 1);
        String asset = alone.get("/v1/assets?sourceId=" + source).json("/items/0/assetId").asText();
        Api.Response opened = alone.post("/v1/behavior-sessions", Map.of("name", "one drive", "sources", List.of(Map.of("assetId", asset, "kind", "IMU"))));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(201);
        String session = opened.json("/sessionId").asText();
        Api.Response created = alone.post("/v1/problem-samples", sample(session, SESSION_FROM, SESSION_TO, "PERCEPTION", List.of("camera/front")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String sampleId = created.json("/sampleId").asText();

        // The only source is taken when none is named; a named source of another tenant is refused.
        assertThat(alone.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId), "targetPath", "../up")).status())
                .isEqualTo(400);
        Api.Response decided = alone.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId), "modality", "LIDAR"));
        assertThat(decided.status()).as(decided.raw()).isEqualTo(201);
        assertThat(decided.json("/nextIngestionScope/sourceId").asText()).isEqualTo(source);
        assertThat(decided.json("/nextIngestionScope/triggerRule").asText()).isEqualTo("perception.min_confidence < 0.3 || perception.track_lost == 1");

        String lonely = "loop-lonely-" + run;
        Api nobody = platform.api(lonely, Role.ALGORITHM_ENGINEER);
        // STAND-IN (stays): a session in a tenant without any data source cannot come from POST /v1/behavior-sessions,
        // which needs catalogued assets, so its creation event is published on the platform's event bus.
        platform.bean(EventGateway.class).publish(new BehaviorSessionCreatedEvent(new BehaviorSessionId("session-lonely-" + run), lonely, "none", null,
                List.of(), SESSION_FROM, SESSION_TO, List.of(), "me", Instant.now()));
        Api.Response lonelySample = nobody.post("/v1/problem-samples", sample("session-lonely-" + run, SESSION_FROM, SESSION_TO, "DEVICE"));
        assertThat(lonelySample.status()).as(lonelySample.raw()).isEqualTo(201);
        String lonelyId = lonelySample.json("/sampleId").asText();
        Api.Response refused = nobody.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(lonelyId), "modality", "LIDAR"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.raw()).contains("no data source");
        assertThat(nobody.post("/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(lonelyId), "sourceId", source)).status())
                .as("another tenant's source").isEqualTo(400);
    }

    /** Waits until the decision shows {@code stage}; answers that stage. */
    private JsonNode awaitStage(String decisionId, String stage) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(300)).until(() -> {
            Api.Response view = algorithm.get("/v1/feedback-decisions/" + decisionId);
            if (view.status() != 200) return false;
            for (JsonNode s : view.body().path("stages")) if (s.path("stage").asText().equals(stage)) found[0] = s;
            return found[0] != null;
        });
        return found[0];
    }
}
