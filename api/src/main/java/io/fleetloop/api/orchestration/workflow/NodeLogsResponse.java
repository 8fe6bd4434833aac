package io.fleetloop.api.orchestration.workflow;

import java.util.List;

/** A node's log per attempt (the tail the worker captured; full stdout/stderr of CLI nodes are artifacts). */
public record NodeLogsResponse(String runId, String nodeId, List<Attempt> attempts) {
    public record Attempt(int attempt, ExecutionStatus status, String error, String log) {
    }
}
