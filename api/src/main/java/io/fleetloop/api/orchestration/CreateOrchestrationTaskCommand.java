package io.fleetloop.api.orchestration;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Records that a flow dispatched work; its id derives from flow + trigger, so a repeated dispatch records nothing new. */
public record CreateOrchestrationTaskCommand(@TargetAggregateIdentifier OrchestrationTaskId orchestrationTaskId, String tenantId,
                                             OrchestrationTaskType type, DataFlowId flowId, String triggerIngestionTaskId,
                                             String targetTaskId, List<AssetId> assetIds) implements TenantOwned {
    public CreateOrchestrationTaskCommand {
        assetIds = List.copyOf(assetIds);
    }
}
