package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.Map;

/**
 * A node's attempt was put on the job queue: all its upstream nodes SUCCEEDED, and {@code inputs} are its inputs resolved
 * from their outputs and the run's inputs. A retry is queued with {@code notBefore} (the policy's back-off).
 */
public record NodeExecutionQueuedEvent(WorkflowRunId runId, String tenantId, WorkflowId workflowId, String nodeId, int attempt,
                                       WorkflowNode node, Map<String, Object> inputs, Instant notBefore, Instant queuedAt)
        implements WorkflowRunEvent {
    public NodeExecutionQueuedEvent {
        inputs = NodeMaps.copy(inputs);
    }
}
