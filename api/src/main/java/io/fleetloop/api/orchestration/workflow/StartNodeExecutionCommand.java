package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker asks to start a node's attempt; answered with a {@link NodeStartOutcome}. */
public record StartNodeExecutionCommand(@TargetAggregateIdentifier WorkflowRunId runId, String tenantId, String nodeId, int attempt,
                                        String jobId) implements TenantOwned {
}
