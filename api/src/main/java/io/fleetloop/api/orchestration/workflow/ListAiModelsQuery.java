package io.fleetloop.api.orchestration.workflow;

public record ListAiModelsQuery(String tenantId) {
}
