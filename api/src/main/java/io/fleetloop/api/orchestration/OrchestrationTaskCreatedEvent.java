package io.fleetloop.api.orchestration;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

public record OrchestrationTaskCreatedEvent(OrchestrationTaskId orchestrationTaskId, String tenantId, OrchestrationTaskType type,
                                            DataFlowId flowId, String triggerIngestionTaskId, String targetTaskId,
                                            List<AssetId> assetIds, Instant createdAt) implements TenantOwned {
}
