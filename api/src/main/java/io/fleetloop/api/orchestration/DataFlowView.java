package io.fleetloop.api.orchestration;

import java.time.Instant;

public record DataFlowView(String flowId, String name, FlowRule flowRule, FlowAction action, int dispatchCount, Instant createdAt) {
}
