package io.fleetloop.api.catalog;

public record FindSceneMiningJobQuery(String tenantId, SceneMiningJobId jobId) {
}
