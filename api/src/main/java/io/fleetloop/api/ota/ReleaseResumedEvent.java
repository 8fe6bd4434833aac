package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record ReleaseResumedEvent(ReleaseTaskId taskId, String tenantId, Instant resumedAt) implements TenantOwned {
}
