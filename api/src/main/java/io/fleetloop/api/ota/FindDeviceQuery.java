package io.fleetloop.api.ota;

public record FindDeviceQuery(String tenantId, String deviceId) {
}
