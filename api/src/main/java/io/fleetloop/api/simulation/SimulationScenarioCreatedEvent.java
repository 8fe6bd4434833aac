package io.fleetloop.api.simulation;

import java.time.Instant;
import java.util.Map;

/** A scenario's version 1; parameters in canonical units, defaults filled in. */
public record SimulationScenarioCreatedEvent(SimulationScenarioId scenarioId, String tenantId, String name, ScenarioType scenarioType,
                                             int version, Map<String, ParamRange> scenarioParams, Instant createdAt)
        implements SimulationScenarioEvent {
}
