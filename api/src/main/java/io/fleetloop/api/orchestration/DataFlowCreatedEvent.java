package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/**
 * A flow was created; {@code compressionRule}, {@code targetPath} and {@code deviceSelector} are a COLLECT flow's (null
 * for ANNOTATE flows and in events stored before them); {@code dictionary} is the trained dictionary the compression rule
 * names, as found when the flow was checked (null without one, and in events stored before it was carried: those only
 * name it in {@code compressionRule.dictionary}).
 */
public record DataFlowCreatedEvent(DataFlowId flowId, String tenantId, String name, FlowRule flowRule, FlowAction action,
                                   Instant createdAt, CompressionRule compressionRule, String targetPath,
                                   DeviceSelector deviceSelector, CollectionDictionary dictionary) implements TenantOwned {

    public DataFlowCreatedEvent(DataFlowId flowId, String tenantId, String name, FlowRule flowRule, FlowAction action, Instant createdAt) {
        this(flowId, tenantId, name, flowRule, action, createdAt, null, null, null, null);
    }

    /** A COLLECT flow whose compression names no trained dictionary. */
    public DataFlowCreatedEvent(DataFlowId flowId, String tenantId, String name, FlowRule flowRule, FlowAction action, Instant createdAt,
                                CompressionRule compressionRule, String targetPath, DeviceSelector deviceSelector) {
        this(flowId, tenantId, name, flowRule, action, createdAt, compressionRule, targetPath, deviceSelector, null);
    }
}
