package io.fleetloop.api.ota;

import java.time.Instant;

/** The device's security token was replaced; only the new token's sha256 is recorded. */
public record DeviceTokenRotatedEvent(DeviceUid uid, String tenantId, String deviceId, String securityTokenSha256,
                                      Instant rotatedAt) implements DeviceEvent {
}
