package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** Seed 001 §4.2 OTAClosedLoopCompleted: the last batch met its threshold. */
public record OTAClosedLoopCompletedEvent(ReleaseTaskId taskId, String tenantId, String versionId, int totalDevices,
                                          int successCount, Instant completedAt) implements TenantOwned {
}
