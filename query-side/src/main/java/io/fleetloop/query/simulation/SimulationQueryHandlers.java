package io.fleetloop.query.simulation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioType;
import io.fleetloop.api.simulation.SimulationQueries;
import io.fleetloop.api.simulation.SimulationScenarioView;
import io.fleetloop.api.simulation.SimulationTaskView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Simulation read models, always filtered by the caller's tenant. */
@Component
class SimulationQueryHandlers {

    private static final String SCENARIO_COLUMNS = "scenario_id, name, scenario_type, version, scenario_params, versions, created_at, updated_at";
    private static final String TASK_COLUMNS = "task_id, scenario_id, scenario_version, scenario_type, batch_size, seed, status, items_done, "
            + "cpu_seconds, output_asset_ids, origin, error_message, created_at, completed_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SimulationQueryHandlers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<SimulationScenarioView> handle(SimulationQueries.FindScenario query) {
        return jdbc.sql("select " + SCENARIO_COLUMNS + " from simulation_scenario_view where tenant_id = ? and scenario_id = ?")
                .params(query.tenantId(), query.scenarioId()).query(this::scenario).optional();
    }

    @QueryHandler
    SimulationQueries.Scenarios handle(SimulationQueries.ListScenarios query) {
        String where = query.scenarioType() == null ? "" : " and scenario_type = ?";
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.scenarioType() != null) params.add(query.scenarioType().name());
        return new SimulationQueries.Scenarios(jdbc.sql("select " + SCENARIO_COLUMNS + " from simulation_scenario_view where tenant_id = ?"
                + where + " order by created_at desc limit 500").params(params).query(this::scenario).list());
    }

    @QueryHandler
    Optional<SimulationTaskView> handle(SimulationQueries.FindTask query) {
        return jdbc.sql("select " + TASK_COLUMNS + " from simulation_task_view where tenant_id = ? and task_id = ?")
                .params(query.tenantId(), query.taskId()).query(this::task).optional();
    }

    @QueryHandler
    SimulationQueries.Tasks handle(SimulationQueries.ListTasks query) {
        String where = query.scenarioId() == null ? "" : " and scenario_id = ?";
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.scenarioId() != null) params.add(query.scenarioId());
        return new SimulationQueries.Tasks(jdbc.sql("select " + TASK_COLUMNS + " from simulation_task_view where tenant_id = ?"
                + where + " order by created_at desc limit 500").params(params).query(this::task).list());
    }

    private SimulationScenarioView scenario(ResultSet rs, int row) throws SQLException {
        return new SimulationScenarioView(rs.getString(1), rs.getString(2), ScenarioType.valueOf(rs.getString(3)), rs.getInt(4),
                read(rs.getString(5), new TypeReference<Map<String, ParamRange>>() {
                }), read(rs.getString(6), new TypeReference<List<Integer>>() {
                }), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant());
    }

    private SimulationTaskView task(ResultSet rs, int row) throws SQLException {
        Timestamp completed = rs.getTimestamp(14);
        return new SimulationTaskView(rs.getString(1), rs.getString(2), rs.getInt(3), ScenarioType.valueOf(rs.getString(4)), rs.getInt(5),
                rs.getLong(6), rs.getString(7), rs.getInt(8), rs.getDouble(9), read(rs.getString(10), new TypeReference<List<String>>() {
                }), rs.getString(11), rs.getString(12), rs.getTimestamp(13).toInstant(), completed == null ? null : completed.toInstant());
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
