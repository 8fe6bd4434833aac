package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateDataFlowCommand(@TargetAggregateIdentifier DataFlowId flowId, String tenantId, String name, FlowRule flowRule,
                                    FlowAction action) implements TenantOwned {
}
