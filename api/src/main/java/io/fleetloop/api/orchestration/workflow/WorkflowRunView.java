package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.List;

/** A run as users see it; {@code nodes} is empty in lists. Statuses are {@link ExecutionStatus} names. */
public record WorkflowRunView(String runId, String workflowId, int revision, ExecutionStatus status, String trigger,
                              Instant requestedAt, Instant startedAt, Instant finishedAt, String failedNode, String error,
                              List<NodeExecutionView> nodes) {
    public WorkflowRunView {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
