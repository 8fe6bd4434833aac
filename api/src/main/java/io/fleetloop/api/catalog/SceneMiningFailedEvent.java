package io.fleetloop.api.catalog;

public record SceneMiningFailedEvent(SceneMiningJobId jobId, String tenantId, String reason) implements SceneMiningEvent {
}
