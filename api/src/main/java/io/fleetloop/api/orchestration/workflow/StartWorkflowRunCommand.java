package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * Asks the workflow to start a run of its current revision (or of {@code revision} when not null). The Workflow
 * aggregate decides: a DISABLED workflow refuses (409), so no run starts after a disable is acknowledged, on any node.
 * A repeated command with the same runId starts nothing new.
 */
public record StartWorkflowRunCommand(@TargetAggregateIdentifier WorkflowId workflowId, String tenantId, WorkflowRunId runId,
                                      Integer revision, Map<String, Object> inputs, RunTrigger trigger) implements TenantOwned {
    public StartWorkflowRunCommand {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
}
