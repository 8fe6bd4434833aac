package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** Every node of the run SUCCEEDED. */
public record WorkflowRunSucceededEvent(WorkflowRunId runId, String tenantId, WorkflowId workflowId, Instant at) implements WorkflowRunEvent {
}
