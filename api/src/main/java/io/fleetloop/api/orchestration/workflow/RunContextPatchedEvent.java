package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.Map;

/**
 * A node's outputs applied to the run's context (seed 003 "Task Context state/patch/snapshot"): {@code patch} is a JSON
 * merge patch ({@code {nodeId: outputs}}), {@code snapshot} the context state after it, as of {@code version}.
 */
public record RunContextPatchedEvent(WorkflowRunId runId, String tenantId, String nodeId, int attempt, int version,
                                     Map<String, Object> patch, Map<String, Object> snapshot, Instant at) implements WorkflowRunEvent {
    public RunContextPatchedEvent {
        patch = NodeMaps.copy(patch);
        snapshot = NodeMaps.copy(snapshot);
    }
}
