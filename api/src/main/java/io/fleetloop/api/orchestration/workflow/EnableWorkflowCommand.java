package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EnableWorkflowCommand(@TargetAggregateIdentifier WorkflowId workflowId, String tenantId) implements TenantOwned {
}
