package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** A worker claimed the node's attempt and runs it (accepted once per attempt). */
public record NodeExecutionStartedEvent(WorkflowRunId runId, String tenantId, String nodeId, int attempt, String jobId,
                                        Instant startedAt) implements WorkflowRunEvent {
}
