package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops a run: running nodes are asked to stop, no new node starts. A finished run is left as it is. */
public record CancelWorkflowRunCommand(@TargetAggregateIdentifier WorkflowRunId runId, String tenantId, String actor) implements TenantOwned {
}
