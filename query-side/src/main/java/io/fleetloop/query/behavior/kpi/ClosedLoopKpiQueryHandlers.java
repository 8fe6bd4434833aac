package io.fleetloop.query.behavior.kpi;

import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.ClosedLoopKpiReport;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FindClosedLoopKpiQuery;
import io.fleetloop.api.behavior.FindLoopKpiQuery;
import io.fleetloop.api.behavior.LoopKpi;
import io.fleetloop.api.behavior.LoopStage;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.StagePercentiles;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the closed-loop KPI within the query's tenant. A stage's duration runs from the stage before it; the total from
 * identification to rollout completed. Percentiles are nearest-rank ({@code percentile_disc}): the p-th percentile is the
 * smallest duration with at least p of the loops at or below it, always a duration some loop really took.
 */
@Component
class ClosedLoopKpiQueryHandlers {

    /** Each KPI stage's column, in stage order. */
    static final Map<LoopStage, String> COLUMNS = columns();

    private final JdbcClient jdbc;

    ClosedLoopKpiQueryHandlers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    ClosedLoopKpiReport handle(FindClosedLoopKpiQuery query) {
        String where = " where tenant_id = :tenant and decided_at is not null"
                + (query.from() == null ? "" : " and decided_at >= :from") + (query.to() == null ? "" : " and decided_at < :to");
        List<LoopKpi> rows = bind(jdbc.sql("select * from closed_loop_kpi" + where + " order by decided_at, decision_id limit :limit"), query)
                .param("limit", FindClosedLoopKpiQuery.MAX_LOOPS + 1).query((rs, n) -> loop(rs)).list();
        boolean truncated = rows.size() > FindClosedLoopKpiQuery.MAX_LOOPS;
        List<LoopKpi> loops = truncated ? rows.subList(0, FindClosedLoopKpiQuery.MAX_LOOPS) : rows;

        StringBuilder select = new StringBuilder("select count(*) as loops, count(*) filter (where ").append(STALLED).append(") as stalled");
        List<LoopStage> stages = List.of(LoopStage.values());
        for (int i = 1; i < stages.size(); i++) {
            percentiles(select, stages.get(i).name(), COLUMNS.get(stages.get(i - 1)), COLUMNS.get(stages.get(i)));
        }
        percentiles(select, "TOTAL", COLUMNS.get(LoopStage.IDENTIFIED), COLUMNS.get(LoopStage.ROLLOUT_COMPLETED));
        return bind(jdbc.sql(select + " from closed_loop_kpi" + where), query).query((rs, n) -> {
            Map<LoopStage, StagePercentiles> byStage = new LinkedHashMap<>();
            for (int i = 1; i < stages.size(); i++) byStage.put(stages.get(i), percentiles(rs, stages.get(i).name()));
            return new ClosedLoopKpiReport(query.from(), query.to(), rs.getInt("loops"), rs.getInt("stalled"), byStage,
                    percentiles(rs, "TOTAL"), loops, truncated);
        }).single();
    }

    @QueryHandler
    Optional<LoopKpi> handle(FindLoopKpiQuery query) {
        return jdbc.sql("select * from closed_loop_kpi where tenant_id = ? and decision_id = ? and decided_at is not null")
                .params(query.tenantId(), query.decisionId().value()).query((rs, n) -> loop(rs)).optional();
    }

    /** Stalled while the awaited stage has no time yet; the column names come from the fixed stage map. */
    private static final String STALLED = "stalled_stage is not null and case stalled_stage "
            + Arrays.stream(BackfillStage.values()).map(s -> "when '" + s.name() + "' then " + column(s) + " is null ")
            .reduce("", String::concat) + "else false end";

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, FindClosedLoopKpiQuery query) {
        spec = spec.param("tenant", query.tenantId());
        if (query.from() != null) spec = spec.param("from", Timestamp.from(query.from()));
        if (query.to() != null) spec = spec.param("to", Timestamp.from(query.to()));
        return spec;
    }

    private static void percentiles(StringBuilder select, String name, String start, String end) {
        String millis = "(extract(epoch from (" + end + " - " + start + ")) * 1000)::bigint";
        String known = " filter (where " + start + " is not null and " + end + " is not null)";
        select.append(", count(*)").append(known).append(" as ").append(name).append("_n")
                .append(", percentile_disc(0.5) within group (order by ").append(millis).append(")").append(known).append(" as ").append(name).append("_p50")
                .append(", percentile_disc(0.9) within group (order by ").append(millis).append(")").append(known).append(" as ").append(name).append("_p90");
    }

    private static StagePercentiles percentiles(ResultSet rs, String name) throws SQLException {
        int count = rs.getInt(name + "_n");
        return new StagePercentiles(count, count == 0 ? null : rs.getLong(name + "_p50"), count == 0 ? null : rs.getLong(name + "_p90"));
    }

    private static LoopKpi loop(ResultSet rs) throws SQLException {
        Map<LoopStage, Instant> reached = new LinkedHashMap<>();
        for (Map.Entry<LoopStage, String> stage : COLUMNS.entrySet()) {
            Timestamp at = rs.getTimestamp(stage.getValue());
            if (at != null) reached.put(stage.getKey(), at.toInstant());
        }
        Map<LoopStage, Long> durations = new LinkedHashMap<>();
        LoopStage[] stages = LoopStage.values();
        for (int i = 1; i < stages.length; i++) {
            Instant start = reached.get(stages[i - 1]);
            Instant end = reached.get(stages[i]);
            if (start != null && end != null) durations.put(stages[i], end.toEpochMilli() - start.toEpochMilli());
        }
        Instant identified = reached.get(LoopStage.IDENTIFIED);
        Instant completed = reached.get(LoopStage.ROLLOUT_COMPLETED);
        Long total = identified != null && completed != null ? completed.toEpochMilli() - identified.toEpochMilli() : null;
        String stalledStage = rs.getString("stalled_stage");
        BackfillStage awaited = stalledStage == null ? null : BackfillStage.valueOf(stalledStage);
        boolean stalled = awaited != null && rs.getTimestamp(column(awaited)) == null;
        Timestamp since = rs.getTimestamp("stalled_since");
        List<ProblemSampleId> samples = new ArrayList<>();
        Array array = rs.getArray("sample_ids");
        if (array != null) for (String id : (String[]) array.getArray()) samples.add(new ProblemSampleId(id));
        return new LoopKpi(new FeedbackDecisionId(rs.getString("decision_id")), samples, reached, durations, total, stalled,
                awaited, since == null ? null : since.toInstant());
    }

    private static String column(BackfillStage stage) {
        return stage.name().toLowerCase(java.util.Locale.ROOT) + "_at";
    }

    private static Map<LoopStage, String> columns() {
        Map<LoopStage, String> columns = new EnumMap<>(LoopStage.class);
        columns.put(LoopStage.IDENTIFIED, "identified_at");
        columns.put(LoopStage.DECIDED, "decided_at");
        columns.put(LoopStage.DATA_INGESTED, "data_ingested_at");
        columns.put(LoopStage.ANNOTATED, "annotated_at");
        columns.put(LoopStage.EXPORTED, "exported_at");
        columns.put(LoopStage.MODEL_READY, "model_ready_at");
        columns.put(LoopStage.ROLLOUT_COMPLETED, "rollout_completed_at");
        return columns;
    }
}
