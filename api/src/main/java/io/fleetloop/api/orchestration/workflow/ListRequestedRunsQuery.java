package io.fleetloop.api.orchestration.workflow;

/** The runs a workflow accepted (WorkflowRunRequestedEvent), newest first; their progress is the run half's. */
public record ListRequestedRunsQuery(String tenantId, WorkflowId workflowId) {
}
