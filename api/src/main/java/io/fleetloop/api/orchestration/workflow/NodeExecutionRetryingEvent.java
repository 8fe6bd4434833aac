package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** The node's attempt failed and its retry policy allows another: attempt {@code nextAttempt} runs from {@code retryAt}. */
public record NodeExecutionRetryingEvent(WorkflowRunId runId, String tenantId, String nodeId, int attempt, String error, String log,
                                         int nextAttempt, Instant retryAt, Instant at) implements WorkflowRunEvent {
}
