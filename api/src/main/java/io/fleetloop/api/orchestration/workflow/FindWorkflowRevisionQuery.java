package io.fleetloop.api.orchestration.workflow;

public record FindWorkflowRevisionQuery(String tenantId, WorkflowId workflowId, int number) {
}
