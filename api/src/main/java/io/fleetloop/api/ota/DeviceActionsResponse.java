package io.fleetloop.api.ota;

import java.util.List;

public record DeviceActionsResponse(String deviceId, List<DeviceActionView> items) {
}
