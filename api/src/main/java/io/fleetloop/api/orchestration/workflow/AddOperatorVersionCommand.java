package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds version n+1 of an operator (the version number in {@code definition} is assigned by the operator). */
public record AddOperatorVersionCommand(@TargetAggregateIdentifier OperatorId operatorId, String tenantId,
                                        OperatorVersionDefinition definition) implements TenantOwned {
}
