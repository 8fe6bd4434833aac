package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/** Saves revision n+1 of a workflow; earlier revisions stay as they were. */
public record ReviseWorkflowCommand(@TargetAggregateIdentifier WorkflowId workflowId, String tenantId, String name, String timeZone,
                                    List<StepSpec> nodes, Map<String, ParameterSpec> runInputs, List<WorkflowTrigger> triggers)
        implements TenantOwned {
}
