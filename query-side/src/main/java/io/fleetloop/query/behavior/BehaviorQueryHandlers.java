package io.fleetloop.query.behavior;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.FeedbackDecisionView;
import io.fleetloop.api.behavior.FindFeedbackDecisionQuery;
import io.fleetloop.api.behavior.FindProblemSampleQuery;
import io.fleetloop.api.behavior.ListProblemSamplesQuery;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemSampleView;
import io.fleetloop.api.behavior.ProblemSamplesResponse;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.Severity;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads bhv_problem_sample_view and the feedback-decision tables, always within the asking tenant. */
@Component
class BehaviorQueryHandlers {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String SAMPLE_COLUMNS = """
            sample_id, session_id, problem_type, root_cause_segment, severity, notes, asset_ids, device_id, scene_tags, annotation_task_ids,
            identified_by, identified_at""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BehaviorQueryHandlers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    ProblemSamplesResponse handle(ListProblemSamplesQuery query) {
        String where = " where tenant_id = :tenant and (cast(:session as varchar) is null or session_id = :session)"
                + " and (cast(:type as varchar) is null or problem_type = :type)";
        String type = query.problemType() == null ? null : query.problemType().name();
        long total = jdbc.sql("select count(*) from bhv_problem_sample_view" + where)
                .param("tenant", query.tenantId()).param("session", query.sessionId()).param("type", type).query(Long.class).single();
        List<ProblemSampleView> items = jdbc.sql("select " + SAMPLE_COLUMNS + " from bhv_problem_sample_view" + where
                        + " order by identified_at desc, sample_id limit :limit offset :offset")
                .param("tenant", query.tenantId()).param("session", query.sessionId()).param("type", type)
                .param("limit", query.page().size()).param("offset", query.page().offset())
                .query(this::sample).list();
        return new ProblemSamplesResponse(items, query.page().page(), query.page().size(), total);
    }

    @QueryHandler
    Optional<ProblemSampleView> handle(FindProblemSampleQuery query) {
        return jdbc.sql("select " + SAMPLE_COLUMNS + " from bhv_problem_sample_view where sample_id = ? and tenant_id = ?")
                .params(query.sampleId().value(), query.tenantId()).query(this::sample).optional();
    }

    @QueryHandler
    Optional<FeedbackDecisionView> handle(FindFeedbackDecisionQuery query) {
        String id = query.decisionId().value();
        record Row(String decisionId, List<String> sampleIds, NextIngestionScope scope, String decidedBy, java.time.Instant decidedAt) {
        }
        Optional<Row> row = jdbc.sql("""
                        select decision_id, sample_ids, next_ingestion_scope, decided_by, decided_at from bhv_feedback_decision_view
                        where decision_id = ? and tenant_id = ?""")
                .params(id, query.tenantId())
                .query((rs, i) -> new Row(rs.getString(1), read(rs.getString(2), STRINGS), read(rs.getString(3), NextIngestionScope.class),
                        rs.getString(4), rs.getTimestamp(5).toInstant()))
                .optional();
        if (row.isEmpty()) return Optional.empty();
        List<FeedbackDecisionView.Stage> stages = jdbc.sql("""
                        select stage, refs, reached_at from bhv_backfill_stage_view where decision_id = ? and tenant_id = ?
                        order by reached_at, stage""")
                .params(id, query.tenantId())
                .query((rs, i) -> new FeedbackDecisionView.Stage(BackfillStage.valueOf(rs.getString(1)), read(rs.getString(2), STRINGS),
                        rs.getTimestamp(3).toInstant()))
                .list();
        // ties in time keep the stages' own order
        stages = stages.stream().sorted(java.util.Comparator.comparing(FeedbackDecisionView.Stage::reachedAt)
                .thenComparing(FeedbackDecisionView.Stage::stage)).toList();
        List<FeedbackDecisionView.Stall> stalls = jdbc.sql("""
                        select awaited_stage, waiting_since, flagged_at from bhv_backfill_stall_view where decision_id = ? and tenant_id = ?
                        order by flagged_at, awaited_stage""")
                .params(id, query.tenantId())
                .query((rs, i) -> new FeedbackDecisionView.Stall(BackfillStage.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()))
                .list();
        List<BackfillStage> reached = stages.stream().map(FeedbackDecisionView.Stage::stage).toList();
        BackfillStage awaited = Arrays.stream(BackfillStage.values()).filter(s -> !reached.contains(s)).findFirst().orElse(null);
        Row r = row.get();
        return Optional.of(new FeedbackDecisionView(r.decisionId(), r.sampleIds(), r.scope(), r.decidedBy(), r.decidedAt(), awaited, stages, stalls));
    }

    private ProblemSampleView sample(ResultSet rs, int row) throws SQLException {
        return new ProblemSampleView(rs.getString(1), rs.getString(2), ProblemType.valueOf(rs.getString(3)),
                read(rs.getString(4), RootCauseSegment.class), Severity.valueOf(rs.getString(5)), rs.getString(6), read(rs.getString(7), STRINGS),
                rs.getString(8), read(rs.getString(9), STRINGS), read(rs.getString(10), STRINGS), rs.getString(11), rs.getTimestamp(12).toInstant());
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
