package io.fleetloop.api.simulation;

import java.util.List;

/** Queries of the simulation read models; every one is scoped to the caller's tenant. */
public final class SimulationQueries {

    private SimulationQueries() {
    }

    public record FindScenario(String tenantId, String scenarioId) {
    }

    public record ListScenarios(String tenantId, ScenarioType scenarioType) {
    }

    public record FindTask(String tenantId, String taskId) {
    }

    public record ListTasks(String tenantId, String scenarioId) {
    }

    public record Scenarios(List<SimulationScenarioView> items) {
    }

    public record Tasks(List<SimulationTaskView> items) {
    }
}
