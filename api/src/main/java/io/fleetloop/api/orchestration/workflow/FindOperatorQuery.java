package io.fleetloop.api.orchestration.workflow;

public record FindOperatorQuery(String tenantId, OperatorId operatorId) {
}
