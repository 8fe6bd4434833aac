package io.fleetloop.api.ota;

import java.time.Instant;

public record DeploymentBatchView(String batchId, String taskId, int batchIndex, double percentage, int deviceCount, BatchStatus status,
                                  int successCount, int failureCount, int silentCount, Instant startedAt, Instant completedAt) {
}
