package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.List;

/**
 * The run was cancelled: queued and running nodes are CANCELLED (their jobs {@code stopJobIds} are asked to stop),
 * pending ones SKIPPED; no node starts afterwards.
 */
public record WorkflowRunCancelledEvent(WorkflowRunId runId, String tenantId, WorkflowId workflowId, List<String> cancelledNodes,
                                        List<String> skippedNodes, List<String> stopJobIds, String actor, Instant at)
        implements WorkflowRunEvent {
    public WorkflowRunCancelledEvent {
        cancelledNodes = List.copyOf(cancelledNodes);
        skippedNodes = List.copyOf(skippedNodes);
        stopJobIds = List.copyOf(stopJobIds);
    }
}
