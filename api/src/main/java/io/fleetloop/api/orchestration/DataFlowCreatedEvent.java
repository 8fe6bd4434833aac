package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** A flow was created; the last three fields are a COLLECT flow's (null for ANNOTATE flows and in events stored before them). */
public record DataFlowCreatedEvent(DataFlowId flowId, String tenantId, String name, FlowRule flowRule, FlowAction action,
                                   Instant createdAt, CompressionRule compressionRule, String targetPath,
                                   DeviceSelector deviceSelector) implements TenantOwned {

    public DataFlowCreatedEvent(DataFlowId flowId, String tenantId, String name, FlowRule flowRule, FlowAction action, Instant createdAt) {
        this(flowId, tenantId, name, flowRule, action, createdAt, null, null, null);
    }
}
