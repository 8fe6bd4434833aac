package io.fleetloop.platform.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.Severity;
import io.fleetloop.api.governance.Role;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.mcap.McapMessage;
import io.fleetloop.formats.mcap.McapQuery;
import io.fleetloop.formats.mcap.McapReader;
import io.fleetloop.formats.mcap.McapSampleWriter;
import io.fleetloop.formats.mcap.McapWriter;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behaviour sessions through the public API on the real servers: a synthetic drive (CAN + DBC, IMU and GNSS CSV with
 * a planted GNSS clock offset, perception NDJSON, a LiDAR frame index, an MCAP) is ingested, a session is created with
 * the GNSS offset estimated by cross-correlating speed, and its aligned data, replay stream and MCAP export are read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BehaviorSessionEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long START = 1_700_000_000L * 1_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long GNSS_OFFSET = 400_000_000L; // the GNSS clock runs 400 ms ahead

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "bhv-" + suffix;
    private Api engineer;
    private Api algorithms;
    private Map<String, String> assets;
    private String canLog;
    private String imuCsv;
    private String gnssCsv;
    private String sessionId;

    @BeforeAll
    void recordAndIngestADrive() throws Exception {
        engineer = platform.api(tenant, Role.DATA_ENGINEER);
        algorithms = platform.api(tenant, Role.ALGORITHM_ENGINEER);
        Ingestions.storeCredentials(engineer, "keys");

        StringWriter can = new StringWriter();
        StringWriter imu = new StringWriter();
        StringWriter gnss = new StringWriter();
        new SyntheticDrive(new SyntheticDrive.Config(START, 30 * SECOND, 42, GNSS_OFFSET)).write(can, imu, gnss);
        canLog = can.toString();
        imuCsv = imu.toString();
        gnssCsv = gnss.toString();

        StringBuilder perception = new StringBuilder();
        StringBuilder lidar = new StringBuilder("path,timestamp_ns,size\n");
        for (int i = 0; i < 300; i++) { // 10 Hz
            long t = START + i * 100_000_000L;
            perception.append("{\"timestamp_ns\":").append(t).append(",\"type\":\"objects\",\"objects\":[{\"id\":1,\"range\":")
                    .append(30 + i * 0.1).append("}]}\n");
            lidar.append("lidar/").append(t).append(".pcd,").append(t).append(",1024\n");
        }
        ByteArrayOutputStream mcap = new ByteArrayOutputStream();
        try (McapSampleWriter writer = new McapSampleWriter(mcap, McapWriter.Options.defaults())) {
            for (int i = 0; i < 600; i++) { // 20 Hz planner target speed
                writer.write(new Sample("planner.target_speed", START + i * 50_000_000L, 15.0 + (i % 10)));
            }
        }
        String badCan = canLog.lines().limit(200).reduce("", (a, b) -> a + b + "\n") + "this is not candump\n(12) can0 ZZZ#00\n";
        String badGnss = "time,lat\n1700000000.0,31.2\n";

        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("drive/drive.dbc", SyntheticDrive.DBC.getBytes(StandardCharsets.UTF_8));
        objects.put("drive/can.log", canLog.getBytes(StandardCharsets.UTF_8));
        objects.put("drive/imu.csv", imuCsv.getBytes(StandardCharsets.UTF_8));
        objects.put("drive/gnss.csv", gnssCsv.getBytes(StandardCharsets.UTF_8));
        objects.put("drive/perception.ndjson", perception.toString().getBytes(StandardCharsets.UTF_8));
        objects.put("drive/lidar-index.csv", lidar.toString().getBytes(StandardCharsets.UTF_8));
        objects.put("drive/planner.mcap", mcap.toByteArray());
        objects.put("drive/can-bad.log", badCan.getBytes(StandardCharsets.UTF_8));
        objects.put("drive/gnss-bad.csv", badGnss.getBytes(StandardCharsets.UTF_8));

        SourceBucket bucket = new SourceBucket("bhv-" + suffix);
        objects.forEach(bucket::put);
        String sourceId = Ingestions.createSource(engineer, "drive", bucket.name(), "", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", "drive", "OTHER");
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/assets?size=50&sourceId=" + sourceId).json("/total").asInt() == objects.size());
        assets = new HashMap<>();
        engineer.get("/v1/assets?size=50&sourceId=" + sourceId).json("/items").forEach(a -> {
            String path = a.path("storagePath").asText();
            assets.put(path.substring(path.lastIndexOf('/') + 1), a.path("assetId").asText());
        });

        Api.Response created = algorithms.post("/v1/behavior-sessions", Map.of("name", "drive 42 takeover",
                "deviceId", "veh-42", "sceneTags", List.of("takeover"),
                "sources", List.of(
                        source("drive.dbc", "DBC", null), source("can.log", "CAN", null), source("imu.csv", "IMU", null),
                        source("gnss.csv", "GNSS", null), source("perception.ndjson", "PERCEPTION", null),
                        source("lidar-index.csv", "LIDAR", null), source("planner.mcap", "MCAP", null)),
                "estimateOffsets", List.of(Map.of("referenceAssetId", assets.get("can.log"), "referenceChannel", "VehicleDynamics.VehicleSpeed",
                        "assetId", assets.get("gnss.csv"), "channel", "speed", "maxLagMillis", 2000, "rateHz", 20)),
                "interpolation", Map.of("gnss/fix", "HOLD")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        sessionId = created.json("/sessionId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> algorithms.get("/v1/behavior-sessions/" + sessionId).status() == 200);
    }

    private Map<String, Object> source(String file, String kind, String name) {
        Map<String, Object> s = new HashMap<>(Map.of("assetId", assets.get(file), "kind", kind));
        if (name != null) s.put("name", name);
        return s;
    }

    @Test
    void theSessionCoversItsSourcesAndRecordsTheEstimatedOffset() {
        JsonNode session = algorithms.get("/v1/behavior-sessions/" + sessionId).body();
        assertThat(session.path("name").asText()).isEqualTo("drive 42 takeover");
        assertThat(session.path("deviceId").asText()).isEqualTo("veh-42");
        // The sources start at START and end 30 s later; GNSS, offset corrected, within the estimate's resolution.
        assertThat(Instant.parse(session.path("from").asText())).isBetween(instant(START - 50_000_000L), instant(START));
        assertThat(Instant.parse(session.path("to").asText())).isBetween(instant(START + 30 * SECOND), instant(START + 30 * SECOND + 50_000_000L));
        assertThat(session.path("sources")).hasSize(7);
        JsonNode estimate = session.at("/estimates/0");
        assertThat(estimate.path("assetId").asText()).isEqualTo(assets.get("gnss.csv"));
        assertThat(estimate.path("offsetNanos").asLong()).isBetween(-GNSS_OFFSET - 50_000_000L, -GNSS_OFFSET + 50_000_000L);
        assertThat(estimate.path("correlation").asDouble()).isGreaterThan(0.95);
        assertThat(session.at("/interpolation/gnss~1fix").asText()).isEqualTo("HOLD");
        JsonNode gnss = null;
        for (JsonNode s : session.path("sources")) if (s.path("name").asText().equals("gnss")) gnss = s;
        assertThat(gnss.path("clockOffsetNanos").asLong()).isEqualTo(estimate.path("offsetNanos").asLong());

        // The offset and policy are in the session's events, so the aligned view can be reproduced.
        Api auditor = platform.api(tenant, Role.AUDITOR);
        Api.Response events = auditor.get("/v1/audit/aggregates/" + sessionId + "/events");
        assertThat(events.status()).as(events.raw()).isEqualTo(200);
        assertThat(events.raw()).contains("BehaviorSessionCreatedEvent").contains("BehaviorSessionAlignmentRecordedEvent")
                .contains(String.valueOf(estimate.path("offsetNanos").asLong())).contains("HOLD");

        Api.Response list = algorithms.get("/v1/behavior-sessions?deviceId=veh-42");
        assertThat(list.json("/total").asInt()).isEqualTo(1);
        assertThat(list.json("/items/0/sessionId").asText()).isEqualTo(sessionId);
    }

    @Test
    void alignedDataHasTheRecordedValuesAtKnownTimestampsAndPages() throws Exception {
        long at = START + SECOND;
        Api.Response page = algorithms.get("/v1/behavior-sessions/" + sessionId + "/aligned-data?from=" + at + "&to=" + (at + SECOND)
                + "&rateHz=100&pageSize=40");
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        assertThat(page.json("/totalFrames").asLong()).isEqualTo(100);
        assertThat(page.json("/frames")).hasSize(40);
        assertThat(page.json("/nextCursor").asLong()).isEqualTo(40);
        JsonNode first = page.json("/frames/0");
        assertThat(first.path("t").asLong()).isEqualTo(at);
        JsonNode values = first.path("values");

        // IMU at 200 Hz: the frame lies on a sample, so the value is the recorded one.
        String imuRow = imuCsv.lines().filter(l -> l.startsWith("1700000001.000000,")).findFirst().orElseThrow();
        assertThat(values.path("imu/ax").asDouble()).isEqualTo(Double.parseDouble(imuRow.split(",")[1]));
        // CAN speed decoded through the DBC at 10 ms.
        double canSpeed = decodedCan("VehicleDynamics.VehicleSpeed", at);
        assertThat(values.path("can/VehicleDynamics.VehicleSpeed").asDouble()).isEqualTo(canSpeed);
        // Perception objects (nearest), LiDAR frame (nearest), MCAP message (nearest).
        assertThat(values.at("/perception~1objects/objects/0/range").asDouble()).isEqualTo(31.0);
        assertThat(values.at("/lidar~1frames/path").asText()).isEqualTo("lidar/" + at + ".pcd");
        assertThat(values.at("/mcap~1planner.target_speed/value").asDouble()).isEqualTo(15.0);
        // GNSS at 10 Hz, offset corrected: between two samples the speed is linearly interpolated and fix is held.
        assertThat(values.has("gnss/speed")).isTrue();
        assertThat(values.path("gnss/fix").asDouble()).isEqualTo(4.0);
        assertThat(page.json("/policies/gnss~1speed").asText()).isEqualTo("LINEAR");
        assertThat(page.json("/policies/gnss~1fix").asText()).isEqualTo("HOLD");
        assertThat(page.json("/policies/lidar~1frames").asText()).isEqualTo("NEAREST");
        JsonNode frame5 = page.json("/frames/5"); // +50 ms: halfway between two perception samples
        assertThat(frame5.path("t").asLong()).isEqualTo(at + 50_000_000L);
        for (JsonNode report : page.json("/sources")) {
            assertThat(report.path("failed").asBoolean()).as(report.toString()).isFalse();
            assertThat(report.path("errors")).as(report.toString()).isEmpty();
        }

        Api.Response last = algorithms.get("/v1/behavior-sessions/" + sessionId + "/aligned-data?from=" + at + "&to=" + (at + SECOND)
                + "&rateHz=100&pageSize=40&cursor=80&channels=imu/ax,can/VehicleDynamics.VehicleSpeed");
        assertThat(last.status()).as(last.raw()).isEqualTo(200);
        assertThat(last.json("/frames")).hasSize(20);
        assertThat(last.json("/nextCursor").isNumber()).as("no next page").isFalse();
        assertThat(last.json("/frames/0/t").asLong()).isEqualTo(at + 800_000_000L);
        List<String> channels = new ArrayList<>();
        last.json("/frames/0/values").fieldNames().forEachRemaining(channels::add);
        assertThat(channels).containsExactlyInAnyOrder("imu/ax", "can/VehicleDynamics.VehicleSpeed");
        assertThat(last.json("/frames/0/values/can~1VehicleDynamics.VehicleSpeed").asDouble())
                .isEqualTo(decodedCan("VehicleDynamics.VehicleSpeed", at + 800_000_000L));
    }

    private double decodedCan(String channel, long at) throws Exception {
        try (CandumpReader frames = new CandumpReader(new StringReader(canLog))) {
            CanSignalDecoder decoder = new CanSignalDecoder(SyntheticDrive.dbcFile(), frames);
            while (decoder.hasNext()) {
                Sample s = decoder.next();
                if (s.channel().equals(channel) && s.timestampNanos() == at) return ((Number) s.value()).doubleValue();
            }
        }
        throw new AssertionError("no " + channel + " at " + at);
    }

    @Test
    void badRequestsAreRefusedAndNothingIsCreated() {
        String base = "/v1/behavior-sessions/" + sessionId + "/aligned-data";
        assertThat(algorithms.get("/v1/behavior-sessions/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(algorithms.get("/v1/behavior-sessions/" + UUID.randomUUID() + "/aligned-data").status()).isEqualTo(404);
        Api.Response reversed = algorithms.get(base + "?from=" + (START + 2 * SECOND) + "&to=" + (START + SECOND));
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.contentType()).startsWith("application/problem+json");
        assertThat(algorithms.get(base + "?from=" + (START - SECOND) + "&to=" + (START + SECOND)).status()).isEqualTo(400);
        assertThat(algorithms.get(base + "?from=2023-11-14T22:13:20Z&to=2030-01-01T00:00:00Z").status()).isEqualTo(400);
        Api.Response tooLarge = algorithms.get(base + "?rateHz=1000");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.raw()).contains("limit of 20000 frames");

        // Another tenant cannot see the session nor build one from this tenant's assets.
        Api other = platform.api("bhv-other-" + suffix, Role.ALGORITHM_ENGINEER);
        assertThat(other.get("/v1/behavior-sessions/" + sessionId).status()).isEqualTo(404);
        Api.Response foreign = other.post("/v1/behavior-sessions", Map.of("name", "stolen", "assetIds", List.of(assets.get("imu.csv"))));
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(404);
        assertThat(other.get("/v1/behavior-sessions").json("/total").asInt()).isZero();
        Api.Response neither = algorithms.post("/v1/behavior-sessions", Map.of("name", "nothing"));
        assertThat(neither.status()).isEqualTo(400);
        // A reader without the create permission.
        assertThat(platform.api(tenant, Role.AUDITOR).post("/v1/behavior-sessions",
                Map.of("name", "x", "assetIds", List.of(assets.get("imu.csv")))).status()).isEqualTo(403);
    }

    @Test
    void aCatalogQueryResolvesTheDevicesAssetsAndClipsTheSessionToItsWindow() {
        SourceBucket bucket = new SourceBucket("bhv-veh7-" + suffix);
        // Other bytes than the drive's IMU log (the same content would be the same, already catalogued asset).
        bucket.put("veh7/imu.csv", (imuCsv + "\n").getBytes(StandardCharsets.UTF_8), Map.of("deviceId", "veh-7"));
        bucket.put("veh7/other-imu.csv", "timestamp,ax\n1600000000.0,1\n".getBytes(StandardCharsets.UTF_8), Map.of("deviceId", "veh-8"));
        String sourceId = Ingestions.createSource(engineer, "veh7", bucket.name(), "", "keys");
        String taskId = Ingestions.createTask(engineer, sourceId, "**", "veh7", "IMU");
        Ingestions.start(engineer, taskId);
        assertThat(Ingestions.awaitEnd(engineer, taskId).path("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> engineer.get("/v1/assets?sourceId=" + sourceId).json("/total").asInt() == 2);

        Instant from = instant(START + 5 * SECOND);
        Instant to = instant(START + 8 * SECOND);
        Api.Response created = algorithms.post("/v1/behavior-sessions", Map.of("name", "veh-7 window",
                "query", Map.of("deviceId", "veh-7", "from", from.toString(), "to", to.toString())));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json("/sources")).hasSize(1);
        assertThat(created.json("/sources/0/kind").asText()).isEqualTo("IMU");
        assertThat(Instant.parse(created.json("/from").asText())).isEqualTo(from);
        assertThat(Instant.parse(created.json("/to").asText())).isEqualTo(to);
        assertThat(algorithms.post("/v1/behavior-sessions", Map.of("name", "nobody's",
                "query", Map.of("deviceId", "veh-unknown"))).status()).isEqualTo(400);
    }

    @Test
    void aCorruptSourceIsReportedWhileTheOthersAlign() {
        Api.Response created = algorithms.post("/v1/behavior-sessions", Map.of("name", "with broken sources",
                "sources", List.of(source("drive.dbc", "DBC", null), source("can-bad.log", "CAN", null), source("imu.csv", "IMU", null),
                        source("gnss-bad.csv", "GNSS", null))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json("/sourceErrors/gnss").toString()).contains("missing columns");
        String id = created.json("/sessionId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> algorithms.get("/v1/behavior-sessions/" + id).status() == 200);

        Api.Response data = algorithms.get("/v1/behavior-sessions/" + id + "/aligned-data?from=" + START + "&to=" + (START + SECOND) + "&rateHz=10");
        assertThat(data.status()).as(data.raw()).isEqualTo(200);
        assertThat(data.json("/frames/3/values/imu~1ax").isNumber()).isTrue();
        Map<String, JsonNode> reports = new HashMap<>();
        data.json("/sources").forEach(r -> reports.put(r.path("name").asText(), r));
        assertThat(reports.get("imu").path("failed").asBoolean()).isFalse();
        assertThat(reports.get("gnss").path("failed").asBoolean()).isTrue();
        assertThat(reports.get("gnss").toString()).contains("missing columns");
        JsonNode canErrors = reports.get("can").path("errors");
        assertThat(canErrors).hasSize(2);
        assertThat(canErrors.get(0).path("unit").asText()).isEqualTo("LINE");
        assertThat(canErrors.get(0).path("position").asLong()).isEqualTo(201);
        assertThat(reports.get("can").path("samplesRead").asLong()).isPositive();
    }

    @Test
    void replayStreamsFramesInOrderWithAMarkerAndObeysPauseSeekAndResume() throws Exception {
        long markerAt = START + 11 * SECOND;
        platform.bean(EventGateway.class).publish(new ProblemSampleIdentifiedEvent(new ProblemSampleId(UUID.randomUUID().toString()),
                tenant, new BehaviorSessionId(sessionId), ProblemType.PERCEPTION,
                new RootCauseSegment(instant(markerAt), instant(markerAt + SECOND), List.of("perception/objects")), Severity.HIGH,
                "ghost object", List.of(), "veh-42", List.of(), "user:test", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> algorithms.get("/v1/behavior-sessions/" + sessionId).json("/markers").size() == 1);

        String url = "/v1/behavior-sessions/" + sessionId + "/replay?from=" + (START + 10 * SECOND) + "&to=" + (START + 12 * SECOND)
                + "&rateHz=10&speed=100&channels=imu/ax,perception/objects";
        try (Sse sse = Sse.open(platform.baseUrl() + url, algorithms.token())) {
            assertThat(sse.status).isEqualTo(200);
            List<Sse.Event> events = sse.untilEnd();
            assertThat(events.get(0).name()).isEqualTo("replay");
            List<Long> times = events.stream().filter(e -> e.name().equals("frame")).map(e -> e.json().path("t").asLong()).toList();
            assertThat(times).hasSize(20);
            assertThat(times).isSorted();
            assertThat(times.get(0)).isEqualTo(START + 10 * SECOND);
            int marker = indexOf(events, "marker");
            assertThat(events.get(marker).json().path("notes").asText()).isEqualTo("ghost object");
            assertThat(events.get(marker + 1).json().path("t").asLong()).isEqualTo(markerAt);
            assertThat(events.get(marker - 1).json().path("t").asLong()).isEqualTo(markerAt - 100_000_000L);
            assertThat(events.get(events.size() - 1).json().path("frames").asInt()).isEqualTo(20);
        }

        String slow = "/v1/behavior-sessions/" + sessionId + "/replay?from=" + (START + 10 * SECOND) + "&to=" + (START + 20 * SECOND)
                + "&rateHz=10&speed=1&channels=imu/ax";
        try (Sse sse = Sse.open(platform.baseUrl() + slow, algorithms.token())) {
            String replayId = sse.next("replay").path("replayId").asText();
            sse.next("frame");
            String control = "/v1/behavior-sessions/" + sessionId + "/replay/" + replayId;
            assertThat(algorithms.post(control, Map.of("action", "pause")).status()).isEqualTo(204);
            assertThat(sse.next("state").path("paused").asBoolean()).isTrue();
            long target = START + 18 * SECOND;
            assertThat(algorithms.post(control, Map.of("action", "seek", "to", String.valueOf(target))).status()).isEqualTo(204);
            assertThat(sse.nextMatching("state", s -> s.path("position").asText().equals(instant(target).toString()))).isNotNull();
            assertThat(algorithms.post(control, Map.of("action", "speed", "speed", 100)).status()).isEqualTo(204);
            assertThat(algorithms.post(control, Map.of("action", "resume")).status()).isEqualTo(204);
            assertThat(sse.next("frame").path("t").asLong()).isEqualTo(target);
            List<Sse.Event> rest = sse.untilEnd();
            assertThat(rest.stream().filter(e -> e.name().equals("frame")).count()).isEqualTo(19);
            assertThat(algorithms.post("/v1/behavior-sessions/" + sessionId + "/replay/" + UUID.randomUUID(), Map.of("action", "pause"))
                    .status()).isEqualTo(404);
        }
    }

    private static int indexOf(List<Sse.Event> events, String name) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).name().equals(name)) return i;
        throw new AssertionError("no " + name + " event in " + events);
    }

    @Test
    void anAlignedWindowExportsAsMcapThatTheReaderOpens() throws Exception {
        long from = START + 5 * SECOND;
        Api.Download download = algorithms.download("/v1/behavior-sessions/" + sessionId + "/export.mcap?from=" + from + "&to="
                + (from + 2 * SECOND) + "&rateHz=50&channels=imu/ax,gnss/speed,lidar/frames");
        assertThat(download.status()).isEqualTo(200);
        Path file = Files.createTempFile("export", ".mcap");
        try {
            Files.write(file, download.body());
            try (McapReader reader = McapReader.open(file)) {
                assertThat(reader.indexed()).isTrue();
                assertThat(reader.channels().values().stream().map(c -> c.topic()).toList())
                        .containsExactlyInAnyOrder("imu/ax", "gnss/speed", "lidar/frames");
                assertThat(reader.statistics().orElseThrow().messageCount()).isEqualTo(300);
                Map<String, Integer> counts = new HashMap<>();
                long previous = Long.MIN_VALUE;
                var messages = reader.messages(McapQuery.all());
                while (messages.hasNext()) {
                    McapMessage m = messages.next();
                    assertThat(m.logTime()).isGreaterThanOrEqualTo(previous);
                    previous = m.logTime();
                    counts.merge(m.channel().topic(), 1, Integer::sum);
                    if (m.channel().topic().equals("lidar/frames")) {
                        assertThat(JSON.readTree(m.data()).path("path").asText()).endsWith(".pcd");
                    }
                }
                assertThat(counts).containsEntry("imu/ax", 100).containsEntry("gnss/speed", 100).containsEntry("lidar/frames", 100);
                assertThat(reader.errors()).isEmpty();
                assertThat(reader.verify()).isEmpty();
            }
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(platform.api(tenant, Role.AUDITOR).download("/v1/behavior-sessions/" + sessionId + "/export.mcap").status())
                .isEqualTo(403);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, SECOND), Math.floorMod(nanos, SECOND));
    }

    /** A minimal server-sent-event client reading events on a background thread. */
    static final class Sse implements AutoCloseable {
        record Event(String name, JsonNode json) {
        }

        private static final Event CLOSED = new Event("", null);
        final int status;
        private final HttpResponse<Stream<String>> response;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Thread reader;

        private Sse(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.status = response.statusCode();
            this.reader = new Thread(this::read, "sse-test");
            reader.setDaemon(true);
            reader.start();
        }

        static Sse open(String url, String token) throws Exception {
            return new Sse(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofLines()));
        }

        private void read() {
            String name = null;
            StringBuilder data = new StringBuilder();
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) events.add(new Event(name == null ? "message" : name, JSON.readTree(data.toString())));
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception e) {
                // closed
            } finally {
                events.add(CLOSED);
            }
        }

        Event poll() throws InterruptedException {
            Event e = events.poll(60, TimeUnit.SECONDS);
            assertThat(e).as("an event within a minute").isNotNull();
            assertThat(e).as("the stream closed early").isNotSameAs(CLOSED);
            return e;
        }

        JsonNode next(String name) throws InterruptedException {
            return nextMatching(name, j -> true);
        }

        JsonNode nextMatching(String name, java.util.function.Predicate<JsonNode> test) throws InterruptedException {
            while (true) {
                Event e = poll();
                if (e.name().equals(name) && test.test(e.json())) return e.json();
            }
        }

        List<Event> untilEnd() throws InterruptedException {
            List<Event> all = new ArrayList<>();
            while (true) {
                Event e = poll();
                all.add(e);
                if (e.name().equals("end")) return all;
            }
        }

        @Override
        public void close() {
            reader.interrupt();
            try {
                response.body().close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
