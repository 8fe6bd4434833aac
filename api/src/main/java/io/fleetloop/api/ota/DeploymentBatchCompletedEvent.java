package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** Seed 001 §4.2 DeploymentBatchCompleted; {@code status} COMPLETED when the success threshold was met, else FAILED. */
public record DeploymentBatchCompletedEvent(ReleaseTaskId taskId, String tenantId, DeploymentBatchId batchId, int batchIndex,
                                            BatchStatus status, int successCount, int failureCount, int silentCount,
                                            boolean lastBatch, Instant completedAt) implements TenantOwned {
}
