package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker reports a node's attempt failed; accepted once per attempt; the node's retry policy decides what follows. */
public record FailNodeExecutionCommand(@TargetAggregateIdentifier WorkflowRunId runId, String tenantId, String nodeId, int attempt,
                                       String error, String log) implements TenantOwned {
}
