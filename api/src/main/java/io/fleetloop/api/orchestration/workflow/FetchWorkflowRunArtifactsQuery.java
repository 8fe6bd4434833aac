package io.fleetloop.api.orchestration.workflow;

public record FetchWorkflowRunArtifactsQuery(String tenantId, String runId) {
}
