package io.fleetloop.platform.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.diagnosis.Citation;
import io.fleetloop.api.diagnosis.DiagnoseLogBatchJob;
import io.fleetloop.api.diagnosis.Diagnosis;
import io.fleetloop.api.diagnosis.ErrorCodeStat;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.workers.diagnosis.DiagnosisPipeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The knowledge base through the public API on the real servers (PostgreSQL event store, Elasticsearch): entries are
 * created, versioned and retired; bad firmware ranges are 400 naming the field with nothing written; search is hybrid
 * (BM25 + kNN on in-process MiniLM embeddings, fused by RRF) and explained; the platform/firmware hard filter keeps out
 * even the best text match; tenants see only their own entries. Last, the log-diagnosis job's pipeline (the bean the
 * job runs) diagnoses against this knowledge base through the QueryGateway.
 */
class KnowledgeBaseEndToEndTest {

    static final String ENTRIES = "/api/v1/knowledge-base/entries";
    static final String SEARCH = "/api/v1/knowledge-base/search";

    private final RunningPlatform platform = RunningPlatform.shared();

    private Api engineer(String tenant) {
        return platform.api(tenant, Role.ALGORITHM_ENGINEER);
    }

    private static String tenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> entry(String code, String title, String symptoms, String causes, String fixes, List<String> platforms, String range) {
        Map<String, Object> body = new HashMap<>();
        body.put("errorCode", code);
        body.put("title", title);
        body.put("symptoms", symptoms);
        body.put("causes", causes);
        body.put("fixes", fixes);
        body.put("vehiclePlatforms", platforms);
        body.put("firmwareRange", range);
        return body;
    }

    static String create(Api api, Map<String, Object> body) {
        Api.Response created = api.post(ENTRIES, body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json("/entryId").asText();
    }

    /** Waits until the entry's version is searchable (a list is a search), then reads it. */
    static JsonNode awaitEntry(Api api, String entryId, int version) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode item : api.get(ENTRIES + "?includeRetired=true&size=500").json("/items")) {
                if (item.path("entryId").asText().equals(entryId) && item.path("version").asInt() == version) return true;
            }
            return false;
        });
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Api.Response r = api.get(ENTRIES + "/" + entryId);
            return r.status() == 200 ? r.body() : null;
        }, body -> body != null && body.path("version").asInt() == version);
    }

    static JsonNode search(Api api, String query, String platform, String firmware, int size) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("vehiclePlatform", platform);
        body.put("firmwareVersion", firmware);
        body.put("size", size);
        Api.Response r = api.post(SEARCH, body);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    static List<String> ids(JsonNode hits) {
        List<String> ids = new ArrayList<>();
        hits.path("hits").forEach(h -> ids.add(h.path("entryId").asText()));
        return ids;
    }

    @Test
    void entriesAreCreatedVersionedAndRetired() {
        Api api = engineer(tenant("kb"));
        String id = create(api, entry("BMS-E101", "BMS cell over-voltage", "Cell voltage above limit", "Sensor drift",
                "Recalibrate the voltage sensing", List.of("J7"), ">=2.0.0 <3.0.0"));
        JsonNode v1 = awaitEntry(api, id, 1);
        assertThat(v1.path("content").path("firmwareRange").asText()).isEqualTo(">=2.0.0 <3.0.0");
        assertThat(v1.path("retired").asBoolean()).isFalse();

        Map<String, Object> update = entry("BMS-E101", "BMS cell over-voltage", "Cell voltage above limit while charging", "Sensor drift",
                "Recalibrate and update the calibration table", List.of("J7", "X9"), "[2.0.0,3.1.0)");
        update.put("expectedVersion", 1);
        assertThat(api.put(ENTRIES + "/" + id, update).status()).isEqualTo(204);
        JsonNode v2 = awaitEntry(api, id, 2);
        assertThat(v2.path("content").path("vehiclePlatforms").toString()).isEqualTo("[\"J7\",\"X9\"]");
        assertThat(v2.path("content").path("fixes").asText()).isEqualTo("Recalibrate and update the calibration table");

        Api.Response stale = api.put(ENTRIES + "/" + id, update);
        assertThat(stale.status()).as(stale.raw()).isEqualTo(409);

        assertThat(api.send("DELETE", ENTRIES + "/" + id + "?reason=superseded", null).status()).isEqualTo(204);
        JsonNode retired = awaitEntry(api, id, 3);
        assertThat(retired.path("retired").asBoolean()).isTrue();
        // a get is real-time, a list is a search: it sees the retirement once the index refreshed
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(ENTRIES).json("/total").asLong() == 0);
        assertThat(api.get(ENTRIES + "?includeRetired=true").json("/total").asLong()).isEqualTo(1);
        assertThat(ids(search(api, "cell voltage above limit", "J7", "2.5.0", 5))).doesNotContain(id);
        assertThat(api.put(ENTRIES + "/" + id, update).status()).isEqualTo(409);
        assertThat(api.put(ENTRIES + "/" + UUID.randomUUID(), update).status()).isEqualTo(404);
    }

    @Test
    void anInvalidFirmwareRangeIsA400NamingTheFieldAndNothingIsWritten() {
        Api api = engineer(tenant("kb-bad"));
        for (String range : List.of(">=abc", "[3.0.0,2.0.0)", "[2.0.0,3.0.0", ">=1.0 <2.0 <3.0", "~2.1")) {
            Api.Response r = api.post(ENTRIES, entry("E1", "t", "s", "c", "f", List.of("J7"), range));
            assertThat(r.status()).as(range + ": " + r.raw()).isEqualTo(400);
            assertThat(r.raw()).contains("firmwareRange");
        }
        Api.Response noPlatform = api.post(ENTRIES, entry("E1", "t", "s", "c", "f", List.of(), "*"));
        assertThat(noPlatform.status()).isEqualTo(400);
        assertThat(noPlatform.raw()).contains("vehiclePlatforms");
        Api.Response badVersion = api.post(SEARCH, Map.of("query", "x", "vehiclePlatform", "J7", "firmwareVersion", "two", "size", 5));
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badVersion.raw()).contains("firmwareVersion");

        // a good entry afterwards is the only one there
        String good = create(api, entry("E1", "t", "s", "c", "f", List.of("J7"), "*"));
        awaitEntry(api, good, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(ENTRIES).json("/total").asLong() == 1);
    }

    @Test
    void searchIsHybridAndExplainsEachHit() {
        Api api = engineer(tenant("kb-hyb"));
        String lidar = create(api, entry("LDR-E301", "Lidar packet timeout", "Lidar point cloud packets missing, driver reports timeout",
                "Ethernet port negotiates 100 Mbit", "Force 1 Gbit on the switch port", List.of("J7"), "*"));
        String camera = create(api, entry("CAM-W202", "Front camera frame drop", "Front camera drops frames, stale detections",
                "Loose connector", "Reseat the camera connector", List.of("J7"), "*"));
        String gnss = create(api, entry("GNS-W501", "GNSS fix lost", "Satellite positioning lost in tunnels", "Signal obstruction",
                "Check the antenna cable", List.of("J7"), "*"));
        awaitEntry(api, lidar, 1);
        awaitEntry(api, camera, 1);
        awaitEntry(api, gnss, 1);

        JsonNode result = search(api, "lidar point cloud has gaps, packets time out", "J7", "2.0.0", 3);
        assertThat(result.path("mode").asText()).isEqualTo("HYBRID");
        assertThat(result.path("rrfK").asInt()).isEqualTo(60);
        JsonNode first = result.path("hits").get(0);
        assertThat(first.path("entryId").asText()).isEqualTo(lidar);
        assertThat(first.path("textRank").asInt()).isEqualTo(1);
        assertThat(first.path("vectorRank").asInt()).isEqualTo(1);
        assertThat(first.path("fusedScore").asDouble()).isCloseTo(2.0 / 61, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.path("explanation").asText()).contains("1/(60+1)");
        assertThat(first.path("vectorScore").asDouble()).isPositive();
        // a semantically close entry with no shared words still comes from the kNN list
        JsonNode semantic = search(api, "where is the car? positioning unavailable underground", "J7", "2.0.0", 3);
        assertThat(ids(semantic).get(0)).isEqualTo(gnss);
        assertThat(semantic.path("hits").get(0).path("vectorRank").asInt()).isEqualTo(1);
        double previous = Double.MAX_VALUE;
        for (JsonNode hit : result.path("hits")) {
            assertThat(hit.path("fusedScore").asDouble()).isLessThanOrEqualTo(previous);
            previous = hit.path("fusedScore").asDouble();
        }
    }

    @Test
    void theHardFilterExcludesTheBestTextMatchOfAnotherPlatformOrFirmware() {
        Api api = engineer(tenant("kb-flt"));
        String x9 = create(api, entry("BRK-E901", "Brake pressure sensor implausible", "Brake pressure sensor reading implausible",
                "Connector corrosion at the X9 ESC", "Clean and seal the ESC connector", List.of("X9"), "*"));
        String j7Old = create(api, entry("BRK-E901", "Brake pressure sensor implausible", "Brake pressure sensor reading implausible",
                "Sensor offset drift", "Replace the sensor", List.of("J7"), "<3.0.0"));
        String j7Related = create(api, entry("BRK-E905", "Brake booster vacuum low", "Brake pedal hard, booster assist reduced",
                "Vacuum pump weak", "Replace the vacuum pump", List.of("J7"), "*"));
        awaitEntry(api, x9, 1);
        awaitEntry(api, j7Old, 1);
        awaitEntry(api, j7Related, 1);

        String query = "BRK-E901 brake pressure sensor reading implausible";
        assertThat(ids(search(api, query, null, null, 5)).get(0)).isIn(x9, j7Old);
        assertThat(ids(search(api, query, "X9", "2.0.0", 5))).contains(x9).doesNotContain(j7Old, j7Related);
        assertThat(ids(search(api, query, "J7", "2.9.9", 5))).contains(j7Old).doesNotContain(x9);
        List<String> newFirmware = ids(search(api, query, "J7", "3.0.0", 5));
        assertThat(newFirmware).containsExactly(j7Related);
    }

    @Test
    void tenantsSeeOnlyTheirOwnEntries() {
        Api a = engineer(tenant("kb-a"));
        Api b = engineer(tenant("kb-b"));
        String id = create(a, entry("TPM-W180", "Tire pressure sensor missing", "Tire pressure sensor not reporting", "Battery depleted",
                "Replace the sensor", List.of("J7"), "*"));
        awaitEntry(a, id, 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> a.get(ENTRIES).json("/total").asLong() == 1);
        assertThat(b.get(ENTRIES + "/" + id).status()).isEqualTo(404);
        assertThat(b.get(ENTRIES).json("/total").asLong()).isZero();
        assertThat(ids(search(b, "tire pressure sensor not reporting", "J7", "2.0.0", 5))).isEmpty();
        assertThat(b.put(ENTRIES + "/" + id, entry("X", "t", "s", "c", "f", List.of("J7"), "*")).status()).isEqualTo(404);
        assertThat(b.send("DELETE", ENTRIES + "/" + id, null).status()).isEqualTo(404);
        assertThat(awaitEntry(a, id, 1).path("content").path("title").asText()).isEqualTo("Tire pressure sensor missing");
    }

    @Test
    void theDiagnosisJobCitesTheApplicableEntriesRetrievedThroughTheQueryGateway() {
        String tenant = tenant("kb-diag");
        Api api = engineer(tenant);
        String bms = create(api, entry("BMS-E101", "BMS cell over-voltage", "Cell voltage above 4.25 V limit during charging",
                "Voltage sense line drift", "Recalibrate the cell voltage sensing", List.of("J7"), ">=2.0.0 <3.0.0"));
        String bmsX9 = create(api, entry("BMS-E101", "X9 BMS cell over-voltage", "Cell voltage above 4.25 V limit during charging",
                "Balancing resistor failed", "Replace the X9 module board", List.of("X9"), "*"));
        String cam = create(api, entry("CAM-W202", "Front camera frame drop", "Front camera drops frames", "Loose connector",
                "Reseat the camera connector", List.of("J7"), "*"));
        awaitEntry(api, bms, 1);
        awaitEntry(api, bmsX9, 1);
        awaitEntry(api, cam, 1);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        DiagnoseLogBatchJob job = new DiagnoseLogBatchJob(tenant, new LogBatchId(UUID.randomUUID().toString()), "J7", "2.3.1", List.of(
                new ErrorCodeStat("BMS-E101", "bms", "ERROR", 120, t, t.plusSeconds(60), "cell 7 voltage 4.31 V above limit"),
                new ErrorCodeStat("CAM-W202", "camera", "WARN", 12, t, t.plusSeconds(60), "frame drop cam0")), List.of(), 1);

        // Invokes the job's own pipeline bean (the LogBatch aggregate that would receive the answer is another helper's).
        Diagnosis d = platform.bean(DiagnosisPipeline.class).diagnose(job, false).diagnosis();

        assertThat(d.diagnoser()).isEqualTo("builtin");
        assertThat(d.citations()).extracting(Citation::entryId).containsExactlyInAnyOrder(bms, cam).doesNotContain(bmsX9);
        assertThat(d.candidates().get(0).citedEntryIds()).containsExactly(bms);
        assertThat(d.recommendations().get(0)).isEqualTo("Recalibrate the cell voltage sensing");
        assertThat(d.steps()).extracting(s -> s.name()).containsExactly("triage", "retrieve", "reason", "verify");
    }
}
