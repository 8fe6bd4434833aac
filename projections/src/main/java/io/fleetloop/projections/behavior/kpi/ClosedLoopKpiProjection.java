package io.fleetloop.projections.behavior.kpi;

import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.BackfillStageReachedEvent;
import io.fleetloop.api.behavior.BackfillStalledEvent;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * The closed-loop KPI read model: per loop (feedback decision) the time each stage was reached, all taken from the
 * events' own times (identifiedAt, decidedAt, reachedAt), never the clock, so a replay writes the same rows. A loop's
 * identification time is the earliest of its samples', whichever of sample and decision arrives first. A stage is kept
 * at its first time (the decision records a stage once).
 */
@Component
@ProcessingGroup("closed-loop-kpi")
class ClosedLoopKpiProjection {

    /** The column of each backfill stage; the names are fixed here, never taken from input. */
    static final Map<BackfillStage, String> STAGE_COLUMNS = Map.of(
            BackfillStage.INGESTION_STARTED, "ingestion_started_at", BackfillStage.DATA_INGESTED, "data_ingested_at",
            BackfillStage.ANNOTATED, "annotated_at", BackfillStage.EXPORTED, "exported_at",
            BackfillStage.MODEL_READY, "model_ready_at", BackfillStage.ROLLOUT_STARTED, "rollout_started_at",
            BackfillStage.ROLLOUT_COMPLETED, "rollout_completed_at");

    private final JdbcClient jdbc;

    ClosedLoopKpiProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProblemSampleIdentifiedEvent event) {
        jdbc.sql("""
                insert into closed_loop_kpi_sample (tenant_id, sample_id, identified_at) values (?, ?, ?)
                on conflict (tenant_id, sample_id) do update set identified_at = least(closed_loop_kpi_sample.identified_at, excluded.identified_at)""")
                .params(event.tenantId(), event.sampleId().value(), time(event.identifiedAt())).update();
        jdbc.sql("""
                update closed_loop_kpi set identified_at = least(coalesce(identified_at, ?), ?)
                where tenant_id = ? and ? = any(sample_ids)""")
                .params(time(event.identifiedAt()), time(event.identifiedAt()), event.tenantId(), event.sampleId().value()).update();
    }

    @EventHandler
    void on(FeedbackDecisionMadeEvent event) {
        String[] samples = event.sampleIds().stream().map(ProblemSampleId::value).toArray(String[]::new);
        jdbc.sql("""
                insert into closed_loop_kpi (tenant_id, decision_id, sample_ids, decided_at) values (?, ?, ?, ?)
                on conflict (tenant_id, decision_id) do update set sample_ids = excluded.sample_ids,
                    decided_at = coalesce(closed_loop_kpi.decided_at, excluded.decided_at)""")
                .params(event.tenantId(), event.decisionId().value(), samples, time(event.decidedAt())).update();
        jdbc.sql("""
                update closed_loop_kpi set identified_at =
                    (select min(s.identified_at) from closed_loop_kpi_sample s where s.tenant_id = ? and s.sample_id = any(?))
                where tenant_id = ? and decision_id = ?""")
                .params(event.tenantId(), samples, event.tenantId(), event.decisionId().value()).update();
    }

    @EventHandler
    void on(BackfillStageReachedEvent event) {
        String column = STAGE_COLUMNS.get(event.stage());
        jdbc.sql("insert into closed_loop_kpi (tenant_id, decision_id, %1$s) values (?, ?, ?) on conflict (tenant_id, decision_id) do update set %1$s = coalesce(closed_loop_kpi.%1$s, excluded.%1$s)"
                        .formatted(column))
                .params(event.tenantId(), event.decisionId().value(), time(event.reachedAt())).update();
    }

    /** The latest flag wins; whether the loop is still stalled is read against the stage's own time. */
    @EventHandler
    void on(BackfillStalledEvent event) {
        jdbc.sql("""
                insert into closed_loop_kpi (tenant_id, decision_id, stalled_stage, stalled_since, stalled_at) values (?, ?, ?, ?, ?)
                on conflict (tenant_id, decision_id) do update set stalled_stage = excluded.stalled_stage,
                    stalled_since = excluded.stalled_since, stalled_at = excluded.stalled_at
                where closed_loop_kpi.stalled_at is null or closed_loop_kpi.stalled_at <= excluded.stalled_at""")
                .params(event.tenantId(), event.decisionId().value(), event.awaitedStage().name(), time(event.waitingSince()),
                        time(event.flaggedAt())).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from closed_loop_kpi").update();
        jdbc.sql("delete from closed_loop_kpi_sample").update();
    }

    private static Timestamp time(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
