package io.fleetloop.edge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.edge.ota.Fleet;
import io.fleetloop.edge.ota.FleetOptions;
import io.fleetloop.edge.ota.FleetStats;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * {@code ./fleetloop.sh demo closed-loop}: one closed loop on a running platform, through its public APIs only, with a
 * line of progress per step. A recorded drive (CAN + DBC, IMU, GNSS, perception NDJSON, MCAP, LiDAR frames with an
 * index) is generated and uploaded to a source bucket, ingested, opened as a behaviour session (one source per stream:
 * CAN through its DBC, LiDAR through its frame index); a problem sample is marked where perception missed a pedestrian;
 * "devices" upload new frames to a second bucket prefix and a backfill is triggered over it; the backfill saga ingests
 * the frames and creates its own annotation task, which pre-labels them; every result is approved and the task
 * exported; training is simulated by packaging a model file and calling the signed model-ready webhook with the
 * dataset id; simulated cars (the edge agent's fleet) install the release; then the loop's KPI and lineage are
 * printed. A step the platform refuses stops
 * the demo with the request and the answer.
 */
public final class ClosedLoopDemo {

    private static final int STEPS = 14;

    private final DemoOptions options;
    private final PrintStream out;
    private final PlatformCalls platform;
    private final S3Uploads s3;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private int step;

    ClosedLoopDemo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.platform = new PlatformCalls(http, options.server(), options.token());
        this.s3 = new S3Uploads(http, options.s3Endpoint(), options.s3AccessKey(), options.s3SecretKey());
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            new ClosedLoopDemo(options, System.out).run();
        } catch (PlatformCalls.StepFailed e) {
            System.err.println();
            System.err.println("demo stopped: " + e.getMessage());
            System.exit(1);
        } catch (IOException | InterruptedException e) {
            System.err.println();
            System.err.println("demo stopped: " + e);
            System.exit(1);
        }
    }

    void run() throws IOException, InterruptedException {
        String tenant = options.tenant();
        Path work = options.workDir().resolve(run);
        out.println("Fleetloop closed-loop demo, run " + run + ", tenant " + tenant + ", platform " + options.server());

        begin("checking the platform");
        PlatformCalls.Answer health = platform.send("GET", "/actuator/health", null, Map.of());
        if (health.status() != 200) {
            throw new PlatformCalls.StepFailed("the platform at " + options.server() + " is not up (GET /actuator/health answered "
                    + health.status() + "). Start it first:\n  " + DemoOptions.START_HINT);
        }
        JsonNode me = platform.get("checking the token", "/v1/me");
        done("up; acting as " + me.path("subject").asText(me.path("operator").asText("?")));

        begin("generating a recorded drive (CAN+DBC, IMU, GNSS, perception NDJSON, MCAP, LiDAR frames + index)");
        long start = Instant.parse("2026-06-01T09:00:00Z").getEpochSecond();
        // Seeded by the run: the catalog deduplicates by content, so another run's identical frames would register nothing new.
        RecordedDrive drive = new RecordedDrive(start, options.seconds(), run.hashCode());
        List<RecordedDrive.RecordedFile> files = drive.writeTo(work.resolve("recorded"), false);
        List<RecordedDrive.RecordedFile> uploads = new RecordedDrive(start + 86_400, options.seconds(), run.hashCode() + 1L).writeTo(work.resolve("device-uploads"), true);
        done(files.size() + " files in " + work.resolve("recorded") + " (" + megabytes(work.resolve("recorded")) + " MB)");

        begin("uploading the recording to s3://" + options.sourceBucket() + "/" + run + "/recorded/");
        s3.createBucket(options.sourceBucket());
        upload(work.resolve("recorded"), run + "/recorded/");
        done("uploaded");

        begin("registering the source and ingesting the recording");
        platform.put("storing the S3 credentials", "/v1/credentials/demo-s3", Map.of("accessKey", options.s3AccessKey(), "secretKey", options.s3SecretKey()));
        String recordedSource = source("recorded drives " + run, run + "/recorded/");
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("DBC", "drive.dbc:SIGNAL_DATABASE");
        patterns.put("CAN", "can.log:CAN");
        patterns.put("IMU", "imu.csv:IMU");
        patterns.put("GNSS", "gnss.csv:GNSS");
        patterns.put("PERCEPTION", "perception.ndjson:PERCEPTION");
        patterns.put("MCAP", "drive.mcap:MCAP");
        patterns.put("LIDAR", "*.bin:LIDAR");
        patterns.put("LIDAR_INDEX", "index.csv:OTHER");
        for (Map.Entry<String, String> kind : patterns.entrySet()) {
            String[] rule = kind.getValue().split(":");
            byKind.put(kind.getKey(), ingest(recordedSource, rule[0], "demo/" + run + "/recorded", rule[1]));
        }
        done(byKind.values().stream().mapToInt(List::size).sum() + " assets (" + byKind.get("LIDAR").size() + " LiDAR frames)");

        begin("creating the behaviour session (POST /v1/behavior-sessions)");
        // One source per recorded stream: the CAN log reads through the DBC, the LiDAR frames through their index.
        List<Map<String, Object>> sources = new ArrayList<>();
        String dbc = byKind.get("DBC").get(0);
        sources.add(Map.of("assetId", dbc, "kind", "DBC"));
        sources.add(Map.of("assetId", byKind.get("CAN").get(0), "kind", "CAN", "options", Map.of("dbcAssetId", dbc)));
        for (String kind : List.of("IMU", "GNSS", "PERCEPTION", "MCAP")) sources.add(Map.of("assetId", byKind.get(kind).get(0), "kind", kind));
        sources.add(Map.of("assetId", byKind.get("LIDAR_INDEX").get(0), "kind", "LIDAR", "name", "lidar"));
        JsonNode session = platform.post("creating the behaviour session", "/v1/behavior-sessions",
                Map.of("name", "takeover near a crossing " + run, "sources", sources));
        String sessionId = session.path("sessionId").asText();
        done("session " + sessionId + " over " + sources.size() + " sources, " + session.path("from").asText() + " … " + session.path("to").asText()
                + (session.path("sourceErrors").isEmpty() ? "" : "; unreadable: " + session.path("sourceErrors")));

        begin("marking the problem sample (perception dropped a pedestrian)");
        Instant missFrom = Instant.ofEpochSecond(start + drive.missFromSecond());
        JsonNode sample = platform.post("marking the problem sample", "/v1/problem-samples", Map.of("sessionId", sessionId,
                "problemType", "PERCEPTION", "severity", "HIGH", "notes", "pedestrian lost for " + drive.missSeconds() + " s before the takeover",
                "rootCauseSegment", Map.of("from", missFrom.toString(), "to", missFrom.plusSeconds(drive.missSeconds()).toString(),
                        "channels", List.of("/perception/objects", "lidar"))));
        String sampleId = sample.path("sampleId").asText();
        done("sample " + sampleId);

        begin("simulated devices upload new frames to s3://" + options.sourceBucket() + "/" + run + "/device-uploads/");
        String uploadsSource = source("device uploads " + run, run + "/device-uploads/");
        upload(work.resolve("device-uploads"), run + "/device-uploads/");
        done(uploads.size() + " frames; source " + uploadsSource);

        begin("triggering the backfill (POST /v1/problem-samples/trigger-backfill)");
        JsonNode decision = platform.post("triggering the backfill", "/v1/problem-samples/trigger-backfill", Map.of("sampleIds", List.of(sampleId),
                "sourceId", uploadsSource, "includePattern", "*.bin", "targetPath", "demo/" + run + "/backfill", "modality", "LIDAR"));
        String decisionId = decision.path("decisionId").asText();
        JsonNode scope = decision.path("nextIngestionScope");
        done("decision " + decisionId + "; next scope: " + scope.path("triggerRule").asText() + ", " + scope.path("windows").size() + " window(s)");

        begin("the backfill saga ingests the frames");
        JsonNode backfill = platform.await("waiting for the backfill ingestion", "/v1/ingestion-tasks?sourceId=" + uploadsSource, options.waitLimit(),
                "the backfill's ingestion task to complete", tasks -> tasks.path("items").size() > 0
                        && "COMPLETED".equals(tasks.path("items").get(0).path("status").asText()));
        String backfillTask = backfill.path("items").get(0).path("taskId").asText();
        done("ingestion " + backfillTask + ": " + backfill.path("items").get(0).path("assetIds").size() + " assets (" + uploads.size() + " uploaded)");

        begin("the saga's annotation task pre-labels them; approving every result (QC over REST)");
        JsonNode downstream = platform.await("finding the backfill's annotation task", "/v1/lineage/" + backfillTask + "?direction=downstream&depth=2",
                options.waitLimit(), "an annotation task over the backfilled frames", graph -> firstOfType(graph, "ANNOTATION_TASK") != null);
        String annotationTask = firstOfType(downstream, "ANNOTATION_TASK");
        platform.await("waiting for pre-labelling", "/v1/annotation-tasks/" + annotationTask, options.waitLimit(), "the task to be IN_REVIEW",
                task -> "IN_REVIEW".equals(task.path("status").asText()));
        List<String> results = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode items = platform.get("listing the results", "/v1/annotation-tasks/" + annotationTask + "/results?size=500&page=" + page).path("items");
            items.forEach(result -> results.add(result.path("resultId").asText()));
            if (items.size() < 500) break;
        }
        int approved = 0;
        for (String result : results) {
            platform.post("approving a result", "/v1/annotation-results/" + result + "/approve", null);
            approved++;
        }
        platform.await("waiting for QC to finish", "/v1/annotation-tasks/" + annotationTask, options.waitLimit(), "the task to be COMPLETED",
                task -> "COMPLETED".equals(task.path("status").asText()));
        done("task " + annotationTask + ": " + approved + " results approved");

        begin("exporting the dataset (KITTI)");
        PlatformCalls.Answer export = platform.getAnswer("exporting the dataset", "/v1/annotation-tasks/" + annotationTask + "/export?format=kitti");
        String dataset = export.header("X-Dataset-Asset-Id");
        done("dataset " + dataset);

        begin("simulating training: packaging a model and calling the signed model-ready webhook");
        String version = "perception-" + run;
        byte[] model = ModelPackage.build(version, List.of(dataset), new Random(run.hashCode()));
        String key = "tenants/" + tenant + "/models/" + run + "/" + version + ".flmodel";
        s3.put(options.platformBucket(), key, model);
        FleetOptions fleetOptions = FleetOptions.of(options.server(), tenant, options.gatewayToken(), options.devices())
                .withIds("demo-" + run + "-car-", 2).withFailureRate(0).withPollInterval(Duration.ofSeconds(1)).withThreads(4);
        List<Map<String, Object>> cars = new ArrayList<>();
        for (int i = 1; i <= options.devices(); i++) {
            cars.add(Map.of("deviceId", fleetOptions.controllerId(i), "deviceType", "VEHICLE", "attributes", Map.of("fleet", "demo-" + run),
                    "installedVersion", "perception-base", "securityToken", HexFormat.of().formatHex(ModelPackage.sha256((run + i).getBytes(StandardCharsets.UTF_8)))));
        }
        platform.post("registering the cars", "/v1/devices/bulk", cars);
        String body = PlatformCalls.JSON.writeValueAsString(Map.of("releaseType", "DOTA", "versionId", version,
                "artifactUri", "s3://" + options.platformBucket() + "/" + key, "targetDeviceType", "VEHICLE",
                "grayPolicy", Map.of("batchPercentages", List.of(50, 50), "interval", "PT0S", "deviceFilter", Map.of("fleet", "demo-" + run),
                        "successThreshold", 0.5, "errorThreshold", 0.5),
                "datasetIds", List.of(dataset)));
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = "sha256=" + S3Uploads.hex(S3Uploads.hmac(options.webhookSecret().getBytes(StandardCharsets.UTF_8), timestamp + "." + body));
        PlatformCalls.Answer accepted = PlatformCalls.ok("calling the model-ready webhook", "POST", "/webhooks/model-ready",
                platform.send("POST", "/webhooks/model-ready", body, Map.of("X-Fleetloop-Tenant", tenant, "X-Fleetloop-Timestamp", timestamp,
                        "X-Fleetloop-Signature", signature)));
        String release = accepted.body().path("taskId").asText();
        done("model " + version + " (" + model.length + " bytes) → release " + release);

        begin("rolling out to " + options.devices() + " simulated cars (edge-agent fleet over DDI)");
        PlatformCalls.Answer started = platform.send("POST", "/v1/release-tasks/" + release + "/start", null, Map.of());
        if (started.status() / 100 != 2 && started.status() != 409) PlatformCalls.ok("starting the release", "POST", "/v1/release-tasks/" + release + "/start", started);
        try (Fleet fleet = Fleet.start(fleetOptions)) {
            platform.await("waiting for the rollout", "/v1/release-tasks/" + release, options.waitLimit(), "the release to be COMPLETED",
                    task -> "COMPLETED".equals(task.path("status").asText()));
            FleetStats stats = fleet.stats();
            done(stats.installed() + " installed, " + stats.failed() + " failed");
        }

        begin("reading the loop's KPI and lineage");
        JsonNode kpi = platform.await("reading the KPI", "/v1/closed-loop/kpi/" + decisionId, Duration.ofSeconds(30),
                "the loop to reach ROLLOUT_COMPLETED", loop -> loop.path("reachedAt").has("ROLLOUT_COMPLETED"));
        JsonNode lineage = platform.get("reading the lineage", "/v1/lineage/" + sampleId + "?direction=downstream&depth=10");
        done("");
        out.println();
        out.print(DemoReport.kpi(kpi));
        out.println();
        out.print(DemoReport.lineage(lineage));
    }

    private String source(String name, String prefix) {
        return platform.post("registering a data source", "/v1/datasources", Map.of("name", name, "protocolType", "S3",
                "connectorConfig", Map.of("endpoint", options.s3EndpointForPlatform().toString(), "bucket", options.sourceBucket(),
                        "prefix", prefix, "credentialsRef", "demo-s3"))).path("sourceId").asText();
    }

    private List<String> ingest(String sourceId, String pattern, String targetPath, String modality) {
        String task = platform.post("creating an ingestion task", "/v1/ingestion-tasks", Map.of("sourceId", sourceId,
                "ingestionRule", Map.of("includePattern", pattern, "targetPath", targetPath, "modality", modality))).path("taskId").asText();
        platform.post("starting the ingestion", "/v1/ingestion-tasks/" + task + "/start", null);
        JsonNode done = platform.await("ingesting " + pattern, "/v1/ingestion-tasks/" + task, options.waitLimit(), "ingestion " + task + " to end",
                t -> "COMPLETED".equals(t.path("status").asText()) || "FAILED".equals(t.path("status").asText()));
        if (!"COMPLETED".equals(done.path("status").asText())) {
            throw new PlatformCalls.StepFailed("ingesting " + pattern + ": task " + task + " FAILED: " + done.path("errorMessage").asText());
        }
        List<String> assets = new ArrayList<>();
        done.path("assetIds").forEach(a -> assets.add(a.asText()));
        if (assets.isEmpty()) throw new PlatformCalls.StepFailed("ingesting " + pattern + ": task " + task + " found no object");
        return assets;
    }

    private void upload(Path dir, String prefix) throws IOException, InterruptedException {
        List<Path> paths;
        try (var walk = Files.walk(dir)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path path : paths) s3.put(options.sourceBucket(), prefix + dir.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
    }

    private static String firstOfType(JsonNode graph, String type) {
        for (JsonNode node : graph.path("nodes")) if (type.equals(node.path("type").asText())) return node.path("id").asText();
        return null;
    }

    private static String megabytes(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            long bytes = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6);
        }
    }

    private void begin(String what) {
        step++;
        out.print("[" + step + "/" + STEPS + "] " + what + " … ");
        out.flush();
    }

    private void done(String result) {
        out.println(result.isEmpty() ? "ok" : "ok: " + result);
    }
}
