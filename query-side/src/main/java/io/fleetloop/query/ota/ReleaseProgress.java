package io.fleetloop.query.ota;

import io.fleetloop.api.ota.DeploymentBatchView;
import io.fleetloop.api.ota.ReleaseTaskStatus;
import io.fleetloop.api.ota.ReleaseTaskView;

import java.util.List;

/**
 * A rollout at one moment, as the SSE stream sends it and the SVG draws it. {@code failed} counts failed and silent
 * devices; {@code pending} is every device without a result yet (including those of batches not started).
 */
record ReleaseProgress(String taskId, String versionId, ReleaseTaskStatus status, String statusReason, int totalDevices,
                       int succeeded, int failed, int pending, List<ReleaseBatch> batches) {

    static ReleaseProgress of(ReleaseTaskView task, List<DeploymentBatchView> views) {
        List<ReleaseBatch> batches = views.stream().map(ReleaseBatch::of).toList();
        int succeeded = batches.stream().mapToInt(ReleaseBatch::succeeded).sum();
        int failed = batches.stream().mapToInt(b -> b.failed() + b.silent()).sum();
        return new ReleaseProgress(task.taskId(), task.versionId(), task.status(), task.statusReason(), task.totalDevices(),
                succeeded, failed, Math.max(0, task.totalDevices() - succeeded - failed), batches);
    }

    /** Nothing changes any more: the stream ends. */
    boolean finished() {
        return status == ReleaseTaskStatus.COMPLETED || status == ReleaseTaskStatus.ROLLED_BACK;
    }
}
