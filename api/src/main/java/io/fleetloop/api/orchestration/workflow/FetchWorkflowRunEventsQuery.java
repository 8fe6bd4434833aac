package io.fleetloop.api.orchestration.workflow;

/** The run's events after {@code afterSeq} (0: from the start), in order; not found for another tenant's run. */
public record FetchWorkflowRunEventsQuery(String tenantId, String runId, long afterSeq) {
}
