package io.fleetloop.api.ota;

public record ListDeploymentBatchesQuery(String tenantId, ReleaseTaskId taskId) {
}
