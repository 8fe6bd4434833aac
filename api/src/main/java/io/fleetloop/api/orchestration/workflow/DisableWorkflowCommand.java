package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Once acknowledged, the workflow starts no run (manual, schedule or event) until it is enabled again. */
public record DisableWorkflowCommand(@TargetAggregateIdentifier WorkflowId workflowId, String tenantId) implements TenantOwned {
}
