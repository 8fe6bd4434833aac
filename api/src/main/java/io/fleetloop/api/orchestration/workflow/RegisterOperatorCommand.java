package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a tenant's operator (HTTP, CLI, AI_MODEL or MCP) with its version 1. */
public record RegisterOperatorCommand(@TargetAggregateIdentifier OperatorId operatorId, String tenantId, String name,
                                      OperatorKind kind, OperatorVersionDefinition definition) implements TenantOwned {
}
