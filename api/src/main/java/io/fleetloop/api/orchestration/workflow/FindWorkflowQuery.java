package io.fleetloop.api.orchestration.workflow;

public record FindWorkflowQuery(String tenantId, WorkflowId workflowId) {
}
