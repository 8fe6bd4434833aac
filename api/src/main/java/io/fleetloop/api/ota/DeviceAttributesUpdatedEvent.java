package io.fleetloop.api.ota;

import java.time.Instant;
import java.util.Map;

/** The device's attributes after an update: the full map, whatever the mode was. */
public record DeviceAttributesUpdatedEvent(DeviceUid uid, String tenantId, String deviceId, AttributeUpdateMode mode,
                                           Map<String, String> attributes, Instant updatedAt) implements DeviceEvent {
}
