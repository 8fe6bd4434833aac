package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** One node of a run: its status, how many attempts it took so far, timings of the current attempt, error and logs link. */
public record NodeExecutionView(String nodeId, String operatorId, OperatorKind operatorKind, ExecutionStatus status, int attempts,
                                Instant queuedAt, Instant startedAt, Instant finishedAt, Instant retryAt, String error, String logs) {
}
