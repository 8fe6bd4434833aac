package io.fleetloop.api.orchestration.workflow;

public record FetchRunContextQuery(String tenantId, String runId) {
}
