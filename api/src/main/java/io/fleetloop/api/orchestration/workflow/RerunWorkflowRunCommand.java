package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Runs a FAILED run again from one of its FAILED nodes, keeping the outputs of the nodes upstream of it. */
public record RerunWorkflowRunCommand(@TargetAggregateIdentifier WorkflowRunId runId, String tenantId, String fromNode, String actor)
        implements TenantOwned {
}
