package io.fleetloop.query.ota;

import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.DeploymentBatchView;

import java.time.Instant;

/** One gray batch as the progress stream, the picture and GraphQL show it; silent devices are counted apart from failed ones. */
record ReleaseBatch(String batchId, int batchIndex, double percentage, int deviceCount, BatchStatus status, int succeeded, int failed,
                    int silent, int pending, Instant startedAt, Instant completedAt) {

    static ReleaseBatch of(DeploymentBatchView view) {
        int pending = Math.max(0, view.deviceCount() - view.successCount() - view.failureCount() - view.silentCount());
        return new ReleaseBatch(view.batchId(), view.batchIndex(), view.percentage(), view.deviceCount(), view.status(),
                view.successCount(), view.failureCount(), view.silentCount(), pending, view.startedAt(), view.completedAt());
    }
}
