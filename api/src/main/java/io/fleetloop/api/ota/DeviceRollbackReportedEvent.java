package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** A device's terminal result for the rollback; on success it runs {@code versionId} (the previous version) again. */
public record DeviceRollbackReportedEvent(ReleaseTaskId taskId, String tenantId, String deviceId, boolean success, String detail,
                                          String versionId, Instant reportedAt) implements TenantOwned {
}
