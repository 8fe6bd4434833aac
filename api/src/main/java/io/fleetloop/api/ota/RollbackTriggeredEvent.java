package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/** Seed 001 §4.2 RollbackTriggered: the devices that installed or were installing the version go back to previousVersionId. */
public record RollbackTriggeredEvent(ReleaseTaskId taskId, String tenantId, String previousVersionId, List<String> deviceIds,
                                     String reason, boolean automatic, Instant triggeredAt) implements TenantOwned {
}
