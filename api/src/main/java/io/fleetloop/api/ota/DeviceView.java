package io.fleetloop.api.ota;

import java.time.Instant;
import java.util.Map;

/**
 * A registered device as operators see it (never its token); {@code lastPollAt} is its last DDI contact (to 10 s), null if
 * never; {@code collectionRulesVersion} the edge collection rules version it last reported running, null if none.
 */
public record DeviceView(String deviceId, DeviceType deviceType, Map<String, String> attributes, boolean attributesReported,
                         String installedVersion, Instant registeredAt, Instant updatedAt, Instant lastPollAt, String collectionRulesVersion) {

    public DeviceView(String deviceId, DeviceType deviceType, Map<String, String> attributes, boolean attributesReported,
                      String installedVersion, Instant registeredAt, Instant updatedAt, Instant lastPollAt) {
        this(deviceId, deviceType, attributes, attributesReported, installedVersion, registeredAt, updatedAt, lastPollAt, null);
    }
}
