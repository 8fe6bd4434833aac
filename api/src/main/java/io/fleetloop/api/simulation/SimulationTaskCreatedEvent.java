package io.fleetloop.api.simulation;

import java.time.Instant;

/** A task was admitted (quota) and created; sagas queue its job. */
public record SimulationTaskCreatedEvent(SimulationTaskId taskId, String tenantId, ScenarioVersion scenario, int batchSize, long seed,
                                         String origin, Instant createdAt) implements SimulationTaskEvent {
}
