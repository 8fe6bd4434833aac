package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/** Creates a workflow with revision 1 (validated, operators pinned). */
public record CreateWorkflowCommand(@TargetAggregateIdentifier WorkflowId workflowId, String tenantId, String name, String timeZone,
                                    List<StepSpec> nodes, Map<String, ParameterSpec> runInputs, List<WorkflowTrigger> triggers,
                                    boolean enabled) implements TenantOwned {
}
