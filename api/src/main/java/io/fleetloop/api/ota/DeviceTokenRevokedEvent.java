package io.fleetloop.api.ota;

import java.time.Instant;

/** The device's security token was withdrawn. */
public record DeviceTokenRevokedEvent(DeviceUid uid, String tenantId, String deviceId, Instant revokedAt) implements DeviceEvent {
}
