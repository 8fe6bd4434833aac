package io.fleetloop.api.orchestration.workflow;

public record ListOperatorsQuery(String tenantId) {
}
