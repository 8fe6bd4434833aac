package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record ReleasePausedEvent(ReleaseTaskId taskId, String tenantId, String reason, boolean automatic, Instant pausedAt) implements TenantOwned {
}
