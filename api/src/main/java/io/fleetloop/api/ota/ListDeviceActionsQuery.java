package io.fleetloop.api.ota;

/** A device's OTA actions (updates and rollbacks), newest first, at most {@code limit}. */
public record ListDeviceActionsQuery(String tenantId, String deviceId, int limit) {
}
