package io.fleetloop.projections.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.simulation.SimulationDataGeneratedEvent;
import io.fleetloop.api.simulation.SimulationItemGeneratedEvent;
import io.fleetloop.api.simulation.SimulationScenarioCreatedEvent;
import io.fleetloop.api.simulation.SimulationScenarioRevisedEvent;
import io.fleetloop.api.simulation.SimulationTaskCancelRequestedEvent;
import io.fleetloop.api.simulation.SimulationTaskCreatedEvent;
import io.fleetloop.api.simulation.SimulationTaskFailedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Simulation scenarios (latest version, list of versions) and tasks with their progress. Token and read model share a
 * transaction, so each event applies once and the item counter simply adds up.
 */
@Component
@ProcessingGroup("simulation")
class SimulationProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SimulationProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(SimulationScenarioCreatedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into simulation_scenario_view (scenario_id, tenant_id, name, scenario_type, version, scenario_params, versions,
                  created_at, updated_at) values (?, ?, ?, ?, ?, cast(? as jsonb), '[1]', ?, ?) on conflict (scenario_id) do nothing""")
                .params(event.scenarioId().value(), event.tenantId(), event.name(), event.scenarioType().name(), event.version(),
                        json.writeValueAsString(event.scenarioParams()), Timestamp.from(event.createdAt()), Timestamp.from(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(SimulationScenarioRevisedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                update simulation_scenario_view set name = ?, version = ?, scenario_params = cast(? as jsonb),
                  versions = versions || to_jsonb(?::int), updated_at = ? where scenario_id = ? and version < ?""")
                .params(event.name(), event.version(), json.writeValueAsString(event.scenarioParams()), event.version(),
                        Timestamp.from(event.revisedAt()), event.scenarioId().value(), event.version())
                .update();
    }

    @EventHandler
    void on(SimulationTaskCreatedEvent event) {
        jdbc.sql("""
                insert into simulation_task_view (task_id, tenant_id, scenario_id, scenario_version, scenario_type, batch_size, seed, status,
                  origin, created_at) values (?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?) on conflict (task_id) do nothing""")
                .params(event.taskId().value(), event.tenantId(), event.scenario().scenarioId().value(), event.scenario().version(),
                        event.scenario().scenarioType().name(), event.batchSize(), event.seed(), event.origin(), Timestamp.from(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(SimulationItemGeneratedEvent event) {
        jdbc.sql("update simulation_task_view set items_done = items_done + 1, cpu_seconds = cpu_seconds + ? where task_id = ?")
                .params(event.cpuSeconds(), event.taskId().value()).update();
    }

    @EventHandler
    void on(SimulationTaskCancelRequestedEvent event) {
        jdbc.sql("update simulation_task_view set status = 'CANCELLING' where task_id = ? and status = 'RUNNING'")
                .param(event.taskId().value()).update();
    }

    @EventHandler
    void on(SimulationDataGeneratedEvent event) throws JsonProcessingException {
        jdbc.sql("update simulation_task_view set status = ?, output_asset_ids = cast(? as jsonb), completed_at = ? where task_id = ?")
                .params(event.status(), json.writeValueAsString(event.outputAssetIds()), Timestamp.from(event.completedAt()),
                        event.taskId().value())
                .update();
    }

    @EventHandler
    void on(SimulationTaskFailedEvent event) {
        jdbc.sql("update simulation_task_view set status = 'FAILED', error_message = ?, completed_at = ? where task_id = ?")
                .params(event.reason(), Timestamp.from(event.failedAt()), event.taskId().value()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from simulation_task_view").update();
        jdbc.sql("delete from simulation_scenario_view").update();
    }
}
