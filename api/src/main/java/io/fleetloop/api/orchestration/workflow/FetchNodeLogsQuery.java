package io.fleetloop.api.orchestration.workflow;

public record FetchNodeLogsQuery(String tenantId, String runId, String nodeId) {
}
