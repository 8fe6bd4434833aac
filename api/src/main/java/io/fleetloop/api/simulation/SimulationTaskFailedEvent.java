package io.fleetloop.api.simulation;

import java.time.Instant;

public record SimulationTaskFailedEvent(SimulationTaskId taskId, String tenantId, String reason, Instant failedAt) implements SimulationTaskEvent {
}
