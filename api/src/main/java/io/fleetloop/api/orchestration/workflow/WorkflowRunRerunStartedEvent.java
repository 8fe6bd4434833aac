package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.List;

/**
 * A FAILED run runs again from {@code fromNode}: it and its downstream nodes ({@code resetNodes}) are PENDING again; the
 * other nodes keep their outputs and are not run again.
 */
public record WorkflowRunRerunStartedEvent(WorkflowRunId runId, String tenantId, WorkflowId workflowId, String fromNode,
                                           List<String> resetNodes, String actor, Instant at) implements WorkflowRunEvent {
    public WorkflowRunRerunStartedEvent {
        resetNodes = List.copyOf(resetNodes);
    }
}
