package io.fleetloop.api.simulation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A scenario with its latest version and the list of versions. */
public record SimulationScenarioView(String scenarioId, String name, ScenarioType scenarioType, int version,
                                     Map<String, ParamRange> scenarioParams, List<Integer> versions, Instant createdAt, Instant updatedAt) {
}
