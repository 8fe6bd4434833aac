package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/** A worker reports a node's attempt succeeded; accepted once per attempt (a repeated report is a no-op). */
public record CompleteNodeExecutionCommand(@TargetAggregateIdentifier WorkflowRunId runId, String tenantId, String nodeId, int attempt,
                                           Map<String, Object> outputs, List<ArtifactRef> artifacts, String log) implements TenantOwned {
    public CompleteNodeExecutionCommand {
        outputs = NodeMaps.copy(outputs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }
}
