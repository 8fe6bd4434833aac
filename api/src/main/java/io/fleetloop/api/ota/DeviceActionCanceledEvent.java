package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** The device stopped its update action on request (hawkBit cancelAction confirmed). */
public record DeviceActionCanceledEvent(ReleaseTaskId taskId, String tenantId, String deviceId, String detail, Instant canceledAt)
        implements TenantOwned {
}
