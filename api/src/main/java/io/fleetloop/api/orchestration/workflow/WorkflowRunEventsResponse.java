package io.fleetloop.api.orchestration.workflow;

import java.util.List;

/** Run events in order, and the run's status now (the stream ends once it is terminal and every event was sent). */
public record WorkflowRunEventsResponse(String runId, ExecutionStatus runStatus, List<WorkflowRunEventView> events) {
}
