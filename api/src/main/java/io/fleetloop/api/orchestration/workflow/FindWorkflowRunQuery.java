package io.fleetloop.api.orchestration.workflow;

/** One run with its nodes, within the tenant (another tenant's run is not found). */
public record FindWorkflowRunQuery(String tenantId, String runId) {
}
