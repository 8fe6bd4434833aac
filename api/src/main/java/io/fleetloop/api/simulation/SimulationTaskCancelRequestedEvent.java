package io.fleetloop.api.simulation;

import java.time.Instant;

public record SimulationTaskCancelRequestedEvent(SimulationTaskId taskId, String tenantId, Instant requestedAt) implements SimulationTaskEvent {
}
