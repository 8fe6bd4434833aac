package io.fleetloop.api.catalog;

/** The job was cancelled: it stops at its next check, and nothing it had not applied yet is applied. */
public record SceneMiningCancelledEvent(SceneMiningJobId jobId, String tenantId) implements SceneMiningEvent {
}
