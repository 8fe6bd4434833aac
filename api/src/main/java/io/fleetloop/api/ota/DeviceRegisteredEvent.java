package io.fleetloop.api.ota;

import java.time.Instant;
import java.util.Map;

/** A device joined the tenant's registry; {@code installedVersion} may be null (unknown). */
public record DeviceRegisteredEvent(DeviceUid uid, String tenantId, String deviceId, DeviceType deviceType, Map<String, String> attributes,
                                    String installedVersion, String securityTokenSha256, Instant registeredAt) implements DeviceEvent {
}
