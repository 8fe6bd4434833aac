package io.fleetloop.platform.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed 004's flow through the public API on the real servers: a batch of three files (a text log with garbage lines,
 * a CSV of signals, and a file that makes the parser fail) is streamed, completed, scattered (one parse job per file),
 * gathered once the barrier fired, diagnosed (the built-in diagnoser citing the knowledge base) and completed; the report's numbers are exact, the
 * charts are SVG, and the events are on Kafka.
 */
class LogBatchEndToEndTest {

    static final String TEXT_LOG = """
            2026-06-01T08:00:00Z [BMS] INFO - battery ok soc=80
            2026-06-01T08:00:01Z [LIDAR] ERROR E1001 lidar timeout port=1
            2026-06-01T08:00:02Z [LIDAR] ERROR E1001 lidar timeout port=1
            this line is garbage
            2026-06-01T08:00:03Z [LIDAR] ERROR E1001 lidar timeout port=2
            2026-06-01T08:00:04Z [LIDAR] ERROR E1001 lidar timeout port=1
            2026-06-01T08:00:05Z [LIDAR] ERROR E1001 lidar timeout port=1
            2026-06-01T08:00:06Z [LIDAR] ERROR E1001 lidar timeout port=1
            %%% more garbage %%%
            2026-06-01T08:05:00Z [BMS] ERROR E2002 cell overvoltage cell=3
            not-a-time [BMS] ERROR E2002 bad timestamp
            2026-06-01T08:05:30Z [BMS] FATAL E2002 cell overvoltage cell=4
            2026-06-01T08:06:00Z [CAM] WARN W300 exposure high
            """;

    static final String SIGNALS = """
            timestamp,speed[0..130],temp
            2026-06-01T08:00:00Z,100,20
            2026-06-01T08:00:01Z,120,21
            2026-06-01T08:00:02Z,140,22
            2026-06-01T08:00:03Z,abc,23
            2026-06-01T08:00:04Z,90,
            """;

    private final RunningPlatform platform = RunningPlatform.shared();

    @Test
    void aBatchIsUploadedScatteredGatheredDiagnosedAndReported() throws Exception {
        String tenant = "logs-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = platform.api(tenant);
        try (KafkaTap kafka = new KafkaTap(tenant, List.of("batch.created", "batch.file-parsed", "batch.all-files-parsed",
                "batch.gathering-completed", "batch.diagnosis-completed", "batch.status-changed"))) {
            // the knowledge base the diagnosis cites: E1001 for this batch's platform and firmware, and the same code for
            // another platform, which must never be cited
            Api kb = platform.api(tenant, io.fleetloop.api.governance.Role.ALGORITHM_ENGINEER);
            String cited = KnowledgeBaseEndToEndTest.create(kb, KnowledgeBaseEndToEndTest.entry("E1001", "Lidar timeouts",
                    "lidar frames time out", "connector loose", "reseat the lidar connector", List.of("J7"), ">=2.0.0 <3.0.0"));
            String otherPlatform = KnowledgeBaseEndToEndTest.create(kb, KnowledgeBaseEndToEndTest.entry("E1001", "Lidar timeouts on X9",
                    "lidar frames time out", "firmware bug", "update the X9 lidar firmware", List.of("X9"), "*"));
            KnowledgeBaseEndToEndTest.awaitEntry(kb, cited, 1);
            KnowledgeBaseEndToEndTest.awaitEntry(kb, otherPlatform, 1);
            String batchId = LogBatches.create(api, "car-7");
            byte[] text = TEXT_LOG.getBytes(StandardCharsets.UTF_8);
            byte[] csv = SIGNALS.getBytes(StandardCharsets.UTF_8);
            byte[] broken = "2026-06-01T08:00:00Z [BMS] INFO - ok\n\0\0\0binary\0".getBytes(StandardCharsets.UTF_8);

            LogBatches.Upload first = LogBatches.upload(platform, api, batchId, "drive-log", "drive.log", text,
                    Map.of("X-Content-SHA256", LogBatches.sha256(text), "X-File-Size", Integer.toString(text.length)));
            assertThat(first.status()).as(first.raw()).isEqualTo(201);
            assertThat(first.body().path("sha256").asText()).isEqualTo(LogBatches.sha256(text));
            assertThat(first.body().path("sizeBytes").asLong()).isEqualTo(text.length);
            assertThat(first.body().path("kind").asText()).isEqualTo("text_log");
            LogBatches.Upload second = LogBatches.upload(platform, api, batchId, "signals", "signals.csv", csv, Map.of());
            assertThat(second.status()).as(second.raw()).isEqualTo(201);
            assertThat(second.body().path("kind").asText()).isEqualTo("signal_csv");
            assertThat(second.body().path("sha256").asText()).isEqualTo(LogBatches.sha256(csv));
            LogBatches.Upload third = LogBatches.upload(platform, api, batchId, "broken", "broken.log", broken, Map.of());
            assertThat(third.status()).as(third.raw()).isEqualTo(201);

            Api.Response completed = api.post("/api/v1/batches/" + batchId + "/complete", Map.of());
            assertThat(completed.status()).as(completed.raw()).isEqualTo(200);
            assertThat(completed.json("/status").asText()).isEqualTo("scattering");

            JsonNode batch = LogBatches.awaitStatus(api, batchId, "completed");
            assertThat(batch.path("fileCount").asInt()).isEqualTo(3);
            assertThat(batch.path("parsedCount").asInt()).isEqualTo(2);
            assertThat(batch.path("failedCount").asInt()).isEqualTo(1);
            assertThat(batch.path("vehiclePlatform").asText()).isEqualTo("J7");
            assertThat(batch.at("/testDrive/route").asText()).isEqualTo("A9 north");
            JsonNode brokenFile = null;
            for (JsonNode f : batch.path("files")) if (f.path("fileId").asText().equals("broken")) brokenFile = f;
            assertThat(brokenFile).isNotNull();
            assertThat(brokenFile.path("status").asText()).isEqualTo("failed");
            assertThat(brokenFile.path("reason").asText()).contains("the parser failed: binary content in a text log at line 2");

            Api.Response response = api.get("/api/v1/batches/" + batchId + "/report");
            assertThat(response.status()).as(response.raw()).isEqualTo(200);
            JsonNode report = response.json("/report");
            assertThat(report.path("totalFiles").asInt()).isEqualTo(3);
            assertThat(report.path("parsedFiles").asInt()).isEqualTo(2);
            assertThat(report.path("failedFiles").asInt()).isEqualTo(1);
            assertThat(report.path("totalLines").asLong()).isEqualTo(13 + 6);
            assertThat(report.path("unknownLines").asLong()).isEqualTo(3 + 1);
            assertThat(report.path("totalErrors").asLong()).isEqualTo(8);
            assertThat(report.at("/errorCodes/0/code").asText()).isEqualTo("E1001");
            assertThat(report.at("/errorCodes/0/module").asText()).isEqualTo("LIDAR");
            assertThat(report.at("/errorCodes/0/count").asLong()).isEqualTo(6);
            assertThat(report.at("/errorCodes/0/firstAt").asText()).isEqualTo("2026-06-01T08:00:01Z");
            assertThat(report.at("/errorCodes/0/lastAt").asText()).isEqualTo("2026-06-01T08:00:06Z");
            assertThat(report.at("/errorCodes/1/code").asText()).isEqualTo("E2002");
            assertThat(report.at("/errorCodes/1/level").asText()).isEqualTo("FATAL");
            assertThat(report.at("/errorCodes/1/count").asLong()).isEqualTo(2);
            assertThat(report.path("errorCodes")).hasSize(2);
            assertThat(report.at("/modules/0/module").asText()).isEqualTo("LIDAR");
            assertThat(report.at("/modules/1/errors").asLong()).isEqualTo(2);
            assertThat(report.path("bucketSeconds").asLong()).isEqualTo(60);
            assertThat(report.path("timeline")).hasSize(6);
            assertThat(report.at("/timeline/0/start").asText()).isEqualTo("2026-06-01T08:00:00Z");
            assertThat(report.at("/timeline/0/errors").asLong()).isEqualTo(6);
            assertThat(report.at("/timeline/5/errors").asLong()).isEqualTo(2);
            assertThat(report.path("bursts")).hasSize(1);
            assertThat(report.at("/bursts/0/start").asText()).isEqualTo("2026-06-01T08:00:01Z");
            assertThat(report.at("/bursts/0/end").asText()).isEqualTo("2026-06-01T08:00:06Z");
            assertThat(report.at("/bursts/0/count").asLong()).isEqualTo(6);
            assertThat(report.at("/bursts/0/topCode").asText()).isEqualTo("E1001");
            JsonNode speed = report.at("/signals/0");
            assertThat(speed.path("signal").asText()).isEqualTo("speed");
            assertThat(speed.path("samples").asLong()).isEqualTo(4);
            assertThat(speed.path("min").asDouble()).isEqualTo(90);
            assertThat(speed.path("max").asDouble()).isEqualTo(140);
            assertThat(speed.path("mean").asDouble()).isEqualTo(112.5);
            assertThat(speed.path("p95").asDouble()).isEqualTo(140);
            assertThat(speed.path("outOfRange").asLong()).isEqualTo(1);
            JsonNode temp = report.at("/signals/1");
            assertThat(temp.path("signal").asText()).isEqualTo("temp");
            assertThat(temp.path("samples").asLong()).isEqualTo(3);
            assertThat(temp.path("mean").asDouble()).isEqualTo(21);
            assertThat(temp.path("outOfRange").asLong()).isEqualTo(0);
            assertThat(response.json("/diagnosis/diagnoser").asText()).isEqualTo("builtin");
            assertThat(response.json("/diagnosis/candidates/0/citedEntryIds").toString()).contains(cited).doesNotContain(otherPlatform);
            assertThat(response.json("/diagnosis/citations").toString()).contains(cited).doesNotContain(otherPlatform);
            assertThat(response.json("/diagnosis/recommendations/0").asText()).isEqualTo("reseat the lidar connector");

            for (String chart : List.of("timeline", "top-codes", "modules")) {
                Api.Download svg = api.download("/api/v1/batches/" + batchId + "/report/charts/" + chart + ".svg");
                assertThat(svg.status()).as(chart).isEqualTo(200);
                assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
                Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.body()));
                assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
                long bars = countBars(document);
                assertThat(bars).as(chart).isEqualTo(switch (chart) {
                    case "timeline" -> 6L;
                    default -> 2L;
                });
            }

            Api.Response analyses = api.get("/api/v1/reports?type=error_analysis");
            assertThat(analyses.status()).as(analyses.raw()).isEqualTo(200);
            assertThat(analyses.json("/items/0/batchId").asText()).isEqualTo(batchId);
            assertThat(analyses.json("/items/0/summary/totalErrors").asLong()).isEqualTo(8);
            assertThat(api.get("/api/v1/reports?type=nonsense").status()).isEqualTo(400);
            Api.Response list = api.get("/api/v1/batches?status=completed");
            assertThat(list.json("/total").asLong()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                assertThat(kafka.on("batch.created")).hasSize(1);
                assertThat(kafka.on("batch.file-parsed")).hasSize(2);
                assertThat(kafka.on("batch.all-files-parsed")).hasSize(1);
                assertThat(kafka.on("batch.gathering-completed")).hasSize(1);
                assertThat(kafka.on("batch.diagnosis-completed")).hasSize(1);
                assertThat(kafka.on("batch.status-changed").stream().map(r -> r.cloudEvent().at("/data/to").asText()).toList())
                        .containsExactly("UPLOADED", "SCATTERING", "SCATTERED", "GATHERING", "DIAGNOSING", "COMPLETED");
            });
            assertThat(kafka.on("batch.created").get(0).key()).isEqualTo(batchId);
        }
    }

    private static long countBars(Document document) {
        var rects = document.getElementsByTagName("rect");
        long bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            if ("bar".equals(rects.item(i).getAttributes().getNamedItem("class") == null ? null
                    : rects.item(i).getAttributes().getNamedItem("class").getNodeValue())) bars++;
        }
        return bars;
    }
}
