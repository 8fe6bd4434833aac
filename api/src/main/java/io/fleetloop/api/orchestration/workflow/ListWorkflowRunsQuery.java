package io.fleetloop.api.orchestration.workflow;

/** The tenant's runs, newest first, optionally of one workflow and/or in one status. */
public record ListWorkflowRunsQuery(String tenantId, String workflowId, ExecutionStatus status, int limit) {
}
