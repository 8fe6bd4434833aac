package io.fleetloop.api.simulation;

import java.util.Map;

/** One version of a scenario as a task runs it: its type and parameters in canonical units (defaults filled in). */
public record ScenarioVersion(SimulationScenarioId scenarioId, int version, String name, ScenarioType scenarioType,
                              Map<String, ParamRange> scenarioParams) {
    public ScenarioVersion {
        scenarioParams = Map.copyOf(scenarioParams);
    }
}
