package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a data flow; {@code compressionRule}, {@code targetPath} and {@code deviceSelector} belong to COLLECT flows (null otherwise). */
public record CreateDataFlowCommand(@TargetAggregateIdentifier DataFlowId flowId, String tenantId, String name, FlowRule flowRule,
                                    FlowAction action, CompressionRule compressionRule, String targetPath,
                                    DeviceSelector deviceSelector) implements TenantOwned {

    public CreateDataFlowCommand(DataFlowId flowId, String tenantId, String name, FlowRule flowRule, FlowAction action) {
        this(flowId, tenantId, name, flowRule, action, null, null, null);
    }
}
