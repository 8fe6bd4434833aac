package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/** Creates the run process from a {@link WorkflowRunRequestedEvent}; a repeated command with the same runId creates nothing new. */
public record CreateWorkflowRunCommand(@TargetAggregateIdentifier WorkflowRunId runId, String tenantId, WorkflowId workflowId,
                                       int revision, WorkflowDag dag, Map<String, Object> inputs, RunTrigger trigger,
                                       Instant requestedAt) implements TenantOwned {
    public CreateWorkflowRunCommand {
        inputs = NodeMaps.copy(inputs);
    }

    public static CreateWorkflowRunCommand from(WorkflowRunRequestedEvent event) {
        return new CreateWorkflowRunCommand(event.runId(), event.tenantId(), event.workflowId(), event.revision(), event.dag(),
                event.inputs(), event.trigger(), event.requestedAt());
    }
}
