package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A run a trigger without a caller (a schedule slot) wanted to start was refused at dispatch by the tenant's account:
 * the workflow records it, so the refused slot shows in the run list (status REFUSED). A repeated record is a no-op.
 */
public record RecordWorkflowRunRefusedCommand(@TargetAggregateIdentifier WorkflowId workflowId, String tenantId, WorkflowRunId runId,
                                              RunTrigger trigger, String reason, String resource, double limit, double used)
        implements TenantOwned {
}
