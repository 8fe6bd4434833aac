package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** A non-terminal device answer worth keeping in the history: today its refusal to stop an update on cancel ("rejected-cancel"). */
public record DeviceActionProgressedEvent(ReleaseTaskId taskId, String tenantId, String deviceId, ActionKind kind, String execution,
                                          String detail, Instant reportedAt) implements TenantOwned {
}
