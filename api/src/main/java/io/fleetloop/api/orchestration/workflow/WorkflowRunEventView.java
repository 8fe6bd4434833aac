package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** One run event as the progress stream shows it: {@code type} e.g. NodeExecutionStarted, the node and its status after it. */
public record WorkflowRunEventView(long seq, String type, String nodeId, Integer attempt, ExecutionStatus status, String message,
                                   Instant at) {
}
