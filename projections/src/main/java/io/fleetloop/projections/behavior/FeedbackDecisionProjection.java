package io.fleetloop.projections.behavior;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.BackfillStageReachedEvent;
import io.fleetloop.api.behavior.BackfillStalledEvent;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.ProblemSampleId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Feedback decisions with their backfill's stages and stalls (idempotent: a replay rebuilds the same rows). */
@Component
@ProcessingGroup("feedback-decisions")
class FeedbackDecisionProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    FeedbackDecisionProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(FeedbackDecisionMadeEvent event) throws JsonProcessingException {
        jdbc.sql("""
                        insert into bhv_feedback_decision_view (decision_id, tenant_id, sample_ids, next_ingestion_scope, decided_by, decided_at)
                        values (?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?) on conflict (decision_id) do nothing""")
                .params(event.decisionId().value(), event.tenantId(),
                        json.writeValueAsString(event.sampleIds().stream().map(ProblemSampleId::value).toList()),
                        json.writeValueAsString(event.nextIngestionScope()), event.decidedBy(), Timestamp.from(event.decidedAt()))
                .update();
    }

    @EventHandler
    void on(BackfillStageReachedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                        insert into bhv_backfill_stage_view (decision_id, stage, tenant_id, refs, reached_at) values (?, ?, ?, cast(? as jsonb), ?)
                        on conflict (decision_id, stage) do nothing""")
                .params(event.decisionId().value(), event.stage().name(), event.tenantId(), json.writeValueAsString(event.refs()),
                        Timestamp.from(event.reachedAt()))
                .update();
    }

    @EventHandler
    void on(BackfillStalledEvent event) {
        jdbc.sql("""
                        insert into bhv_backfill_stall_view (decision_id, awaited_stage, waiting_since, tenant_id, flagged_at) values (?, ?, ?, ?, ?)
                        on conflict (decision_id, awaited_stage, waiting_since) do nothing""")
                .params(event.decisionId().value(), event.awaitedStage().name(), Timestamp.from(event.waitingSince()), event.tenantId(),
                        Timestamp.from(event.flaggedAt()))
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from bhv_backfill_stall_view").update();
        jdbc.sql("delete from bhv_backfill_stage_view").update();
        jdbc.sql("delete from bhv_feedback_decision_view").update();
    }
}
