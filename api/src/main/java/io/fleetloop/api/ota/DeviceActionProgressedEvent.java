package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/**
 * A non-terminal device answer worth keeping in the history: a new stage of its action (hawkBit execution
 * {@code download}, {@code downloaded}, {@code proceeding}, …) or its refusal to stop an update on cancel ("rejected-cancel").
 */
public record DeviceActionProgressedEvent(ReleaseTaskId taskId, String tenantId, String deviceId, ActionKind kind, String execution,
                                          String detail, Instant reportedAt) implements TenantOwned {
}
