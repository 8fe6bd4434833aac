package io.fleetloop.api.simulation;

import java.time.Instant;
import java.util.List;

/** One item of a task was generated (its files are in the object store): the task's progress. */
public record SimulationItemGeneratedEvent(SimulationTaskId taskId, String tenantId, SimulationScenarioId scenarioId, int index,
                                           List<SimulationOutput> outputs, double cpuSeconds, Instant generatedAt)
        implements SimulationTaskEvent {
    public SimulationItemGeneratedEvent {
        outputs = List.copyOf(outputs);
    }
}
