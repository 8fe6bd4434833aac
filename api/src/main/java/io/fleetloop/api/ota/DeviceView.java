package io.fleetloop.api.ota;

import java.time.Instant;
import java.util.Map;

/** A registered device as operators see it (never its token). */
public record DeviceView(String deviceId, DeviceType deviceType, Map<String, String> attributes, boolean attributesReported,
                         String installedVersion, Instant registeredAt, Instant updatedAt) {
}
