package io.fleetloop.platform.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The closed-loop KPI over ten constructed loops of one tenant. Loop k (1..10) is identified on day k and then takes
 * k minutes to decide, 10k minutes to ingest, k hours to annotate, 5 minutes to export, 2k hours to train and 30k minutes
 * to roll out; loop 10 stops after annotation and is flagged stalled, loop 3 was flagged and then moved on. So every
 * p50 is loop 5's duration and every p90 loop 9's (nearest rank over 9 or 10 loops). The behaviour events are stand-ins
 * ({@link BackfillStandIns}) published on the platform's event bus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedLoopKpiEndToEndTest {

    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
    private static final long MINUTE = 60_000;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "kpi-" + suffix;
    private Api engineer;

    @BeforeAll
    void tenLoops() {
        engineer = platform.api(tenant, Role.ALGORITHM_ENGINEER);
        BackfillStandIns loops = new BackfillStandIns(platform, tenant);
        for (int k = 1; k <= 10; k++) {
            Instant identified = BASE.plus(Duration.ofDays(k));
            String first = sample(k, 1);
            String second = sample(k, 2);
            Instant decided = identified.plus(Duration.ofMinutes(k));
            if (k % 2 == 0) {
                // The decision may arrive before its samples: the earliest identification still counts.
                loops.decision(decision(k), List.of(first, second), decided);
                loops.sample(second, "session-" + suffix, List.of(), identified.plusSeconds(600));
                loops.sample(first, "session-" + suffix, List.of(), identified);
            } else {
                loops.sample(second, "session-" + suffix, List.of(), identified.plusSeconds(600));
                loops.sample(first, "session-" + suffix, List.of(), identified);
                loops.decision(decision(k), List.of(first, second), decided);
            }
            Instant ingested = decided.plus(Duration.ofMinutes(10L * k));
            Instant annotated = ingested.plus(Duration.ofHours(k));
            loops.stage(decision(k), BackfillStage.INGESTION_STARTED, decided.plusSeconds(1), "ingestion-" + k);
            loops.stage(decision(k), BackfillStage.DATA_INGESTED, ingested, "ingestion-" + k);
            if (k == 3) loops.stalled(decision(k), BackfillStage.ANNOTATED, ingested, ingested.plus(Duration.ofMinutes(30)));
            loops.stage(decision(k), BackfillStage.ANNOTATED, annotated, "annotation-" + k);
            if (k == 10) {
                loops.stalled(decision(k), BackfillStage.EXPORTED, annotated, annotated.plus(Duration.ofHours(1)));
                continue;
            }
            Instant exported = annotated.plus(Duration.ofMinutes(5));
            Instant modelReady = exported.plus(Duration.ofHours(2L * k));
            loops.stage(decision(k), BackfillStage.EXPORTED, exported, "dataset-" + k);
            // A repeated stage keeps its first time.
            loops.stage(decision(k), BackfillStage.EXPORTED, exported.plus(Duration.ofDays(3)), "dataset-" + k);
            loops.stage(decision(k), BackfillStage.MODEL_READY, modelReady, "model-" + k);
            loops.stage(decision(k), BackfillStage.ROLLOUT_STARTED, modelReady.plusSeconds(5), "release-" + k);
            loops.stage(decision(k), BackfillStage.ROLLOUT_COMPLETED, modelReady.plus(Duration.ofMinutes(30L * k)), "release-" + k);
        }
        // Another tenant's loop: never counted here.
        BackfillStandIns other = new BackfillStandIns(platform, "kpi-other-" + suffix);
        other.sample("other-sample-" + suffix, "s", List.of(), BASE.plus(Duration.ofDays(2)));
        other.decision("other-decision-" + suffix, List.of("other-sample-" + suffix), BASE.plus(Duration.ofDays(2)).plusSeconds(1));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode report = engineer.get("/v1/closed-loop/kpi").body();
            return report.path("loopCount").asInt() == 10 && report.at("/stages/ROLLOUT_COMPLETED/count").asInt() == 9
                    && report.path("stalledCount").asInt() == 1;
        });
    }

    @Test
    void everyStageHasItsNearestRankPercentilesOverThePeriod() {
        Api.Response response = engineer.get("/v1/closed-loop/kpi");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.path("loopCount").asInt()).isEqualTo(10);
        assertThat(report.path("truncated").asBoolean()).isFalse();
        assertPercentiles(report.at("/stages/DECIDED"), 10, 5 * MINUTE, 9 * MINUTE);
        assertPercentiles(report.at("/stages/DATA_INGESTED"), 10, 50 * MINUTE, 90 * MINUTE);
        assertPercentiles(report.at("/stages/ANNOTATED"), 10, 5 * 60 * MINUTE, 9 * 60 * MINUTE);
        assertPercentiles(report.at("/stages/EXPORTED"), 9, 5 * MINUTE, 5 * MINUTE);
        assertPercentiles(report.at("/stages/MODEL_READY"), 9, 10 * 60 * MINUTE, 18 * 60 * MINUTE);
        assertPercentiles(report.at("/stages/ROLLOUT_COMPLETED"), 9, 150 * MINUTE, 270 * MINUTE);
        assertPercentiles(report.path("total"), 9, total(5), total(9));
        assertThat(report.path("stages").has("IDENTIFIED")).as("the first stage has no duration").isFalse();

        List<String> order = new ArrayList<>();
        report.path("loops").forEach(loop -> order.add(loop.path("decisionId").asText()));
        assertThat(order).as("oldest decision first").containsExactly(decision(1), decision(2), decision(3), decision(4), decision(5),
                decision(6), decision(7), decision(8), decision(9), decision(10));
    }

    @Test
    void aPeriodCountsTheLoopsDecidedInIt() {
        JsonNode report = engineer.get("/v1/closed-loop/kpi?from=" + BASE.plus(Duration.ofDays(3)) + "&to=" + BASE.plus(Duration.ofDays(6))).body();
        assertThat(report.path("loopCount").asInt()).isEqualTo(3);
        assertThat(report.path("loops")).extracting(loop -> loop.path("decisionId").asText()).containsExactly(decision(3), decision(4), decision(5));
        assertPercentiles(report.path("total"), 3, total(4), total(5));
        assertPercentiles(report.at("/stages/DECIDED"), 3, 4 * MINUTE, 5 * MINUTE);
        assertThat(report.path("from").asText()).isEqualTo(BASE.plus(Duration.ofDays(3)).toString());
    }

    @Test
    void oneLoopShowsItsStageTimesDurationsAndStall() {
        JsonNode loop = engineer.get("/v1/closed-loop/kpi/" + decision(4)).body();
        Instant identified = BASE.plus(Duration.ofDays(4));
        assertThat(loop.at("/reachedAt/IDENTIFIED").asText()).as("the earliest of its samples").isEqualTo(identified.toString());
        assertThat(loop.at("/reachedAt/DECIDED").asText()).isEqualTo(identified.plus(Duration.ofMinutes(4)).toString());
        assertThat(loop.path("sampleIds")).extracting(JsonNode::asText).containsExactly(sample(4, 1), sample(4, 2));
        assertThat(loop.at("/stageMillis/DATA_INGESTED").asLong()).isEqualTo(40 * MINUTE);
        assertThat(loop.at("/stageMillis/EXPORTED").asLong()).as("a repeated stage keeps its first time").isEqualTo(5 * MINUTE);
        assertThat(loop.path("totalMillis").asLong()).isEqualTo(total(4));
        assertThat(loop.path("stalled").asBoolean()).isFalse();

        JsonNode recovered = engineer.get("/v1/closed-loop/kpi/" + decision(3)).body();
        assertThat(recovered.path("stalled").asBoolean()).as("flagged, then the awaited stage was reached").isFalse();
        assertThat(recovered.path("stalledStage").asText()).isEqualTo("ANNOTATED");

        JsonNode stalled = engineer.get("/v1/closed-loop/kpi/" + decision(10)).body();
        assertThat(stalled.path("stalled").asBoolean()).isTrue();
        assertThat(stalled.path("stalledStage").asText()).isEqualTo("EXPORTED");
        assertThat(stalled.path("totalMillis").isNull() || stalled.path("totalMillis").isMissingNode()).as("no total before completion").isTrue();
        assertThat(stalled.path("reachedAt").has("EXPORTED")).isFalse();
        assertThat(stalled.at("/stageMillis/ANNOTATED").asLong()).isEqualTo(10 * 60 * MINUTE);
    }

    @Test
    void theChartDrawsOneStackedBarPerLoop() {
        Api.Response chart = engineer.get("/v1/closed-loop/kpi/chart.svg");
        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.contentType()).startsWith("image/svg+xml");
        String svg = chart.raw();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
        assertThat(svg.split("class=\"loop\"", -1)).hasSize(11);
        assertThat(svg).contains("data-decision=\"" + decision(7) + "\"")
                .contains("data-stage=\"ROLLOUT_COMPLETED\" data-millis=\"" + 210 * MINUTE + "\"")
                .contains(decision(10) + " (stalled)")
                .contains("10 loops · 1 stalled");
        assertThat(engineer.get("/v1/closed-loop/kpi/chart.svg?from=2030-01-01T00:00:00Z").raw()).contains("no loop decided in this period");
    }

    @Test
    void badInputAndOtherTenantsFindNothing() {
        Api.Response reversed = engineer.get("/v1/closed-loop/kpi?from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.contentType()).startsWith("application/problem+json");
        assertThat(reversed.json("/errors/0/field").asText()).isEqualTo("from");
        assertThat(engineer.get("/v1/closed-loop/kpi/chart.svg?from=2026-03-05T00:00:00Z&to=2026-03-05T00:00:00Z").status()).isEqualTo(400);
        assertThat(engineer.get("/v1/closed-loop/kpi?from=yesterday").status()).isEqualTo(400);
        assertThat(engineer.get("/v1/closed-loop/kpi/" + UUID.randomUUID()).status()).isEqualTo(404);

        Api other = platform.api("kpi-other-" + suffix, Role.PLATFORM_ADMIN);
        assertThat(other.get("/v1/closed-loop/kpi/" + decision(4)).status()).isEqualTo(404);
        JsonNode theirs = other.get("/v1/closed-loop/kpi").body();
        assertThat(theirs.path("loopCount").asInt()).isEqualTo(1);
        assertThat(theirs.toString()).doesNotContain(suffix + "-d4");
        assertThat(engineer.get("/v1/closed-loop/kpi/other-decision-" + suffix).status()).isEqualTo(404);
        assertThat(platform.api(tenant, Role.QC_REVIEWER).get("/v1/closed-loop/kpi").status()).isEqualTo(403);
    }

    private static void assertPercentiles(JsonNode stage, int count, long p50, long p90) {
        assertThat(stage.path("count").asInt()).as(stage.toString()).isEqualTo(count);
        assertThat(stage.path("p50Millis").asLong()).as("p50 " + stage).isEqualTo(p50);
        assertThat(stage.path("p90Millis").asLong()).as("p90 " + stage).isEqualTo(p90);
    }

    /** k + 10k + 60k + 5 + 120k + 30k minutes. */
    private static long total(int k) {
        return (221L * k + 5) * MINUTE;
    }

    private String decision(int k) {
        return "loop-" + suffix + "-d" + k;
    }

    private String sample(int k, int n) {
        return "loop-" + suffix + "-s" + k + "-" + n;
    }
}
