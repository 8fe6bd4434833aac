package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** A device's terminal result for the release's update; on success it runs {@code versionId}. */
public record DeviceUpdateReportedEvent(ReleaseTaskId taskId, String tenantId, DeploymentBatchId batchId, String deviceId,
                                        boolean success, String detail, Instant reportedAt, String versionId) implements TenantOwned {
}
