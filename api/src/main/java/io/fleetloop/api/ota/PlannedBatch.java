package io.fleetloop.api.ota;

import java.util.List;

/** One gray batch, fixed when the rollout starts: its devices never change afterwards. */
public record PlannedBatch(DeploymentBatchId batchId, int batchIndex, double percentage, List<String> deviceIds) {
    public PlannedBatch {
        deviceIds = List.copyOf(deviceIds);
    }
}
