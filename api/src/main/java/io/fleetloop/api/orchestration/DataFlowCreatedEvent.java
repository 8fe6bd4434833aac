package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record DataFlowCreatedEvent(DataFlowId flowId, String tenantId, String name, FlowRule flowRule, FlowAction action,
                                   Instant createdAt) implements TenantOwned {
}
