package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** The node's last attempt allowed by its retry policy failed: the node is FAILED with this error. */
public record NodeExecutionFailedEvent(WorkflowRunId runId, String tenantId, String nodeId, int attempt, String error, String log,
                                       Instant finishedAt) implements WorkflowRunEvent {
}
