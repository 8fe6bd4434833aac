package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record DeviceUpdateReportedEvent(ReleaseTaskId taskId, String tenantId, DeploymentBatchId batchId, String deviceId,
                                        boolean success, String detail, Instant reportedAt) implements TenantOwned {
}
