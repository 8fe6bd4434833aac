package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The node's attempt ended well: its outputs (inline, or references to artifacts when large), artifacts and a log tail. */
public record NodeExecutionSucceededEvent(WorkflowRunId runId, String tenantId, String nodeId, int attempt, Map<String, Object> outputs,
                                          List<ArtifactRef> artifacts, String log, Instant finishedAt) implements WorkflowRunEvent {
    public NodeExecutionSucceededEvent {
        outputs = NodeMaps.copy(outputs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }
}
