package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** A node FAILED (after its retries) and nothing else runs: the run FAILED with that node's error. */
public record WorkflowRunFailedEvent(WorkflowRunId runId, String tenantId, WorkflowId workflowId, String failedNode, String error,
                                     Instant at) implements WorkflowRunEvent {
}
