package io.fleetloop.api.orchestration;

import java.util.Map;

/** Which devices run a collection flow: a device type (VEHICLE, ROBOT, INDUSTRIAL; null = any) whose attributes contain every entry. */
public record DeviceSelector(String deviceType, Map<String, String> attributes) {
}
