package io.fleetloop.api.simulation;

import java.time.Instant;
import java.util.Map;

/** A scenario's next version. */
public record SimulationScenarioRevisedEvent(SimulationScenarioId scenarioId, String tenantId, String name, ScenarioType scenarioType,
                                             int version, Map<String, ParamRange> scenarioParams, Instant revisedAt)
        implements SimulationScenarioEvent {
}
