package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** The node will not run: an upstream node failed or the run was cancelled before it started. */
public record NodeExecutionSkippedEvent(WorkflowRunId runId, String tenantId, String nodeId, String reason, Instant at)
        implements WorkflowRunEvent {
}
