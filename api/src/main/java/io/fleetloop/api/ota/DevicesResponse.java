package io.fleetloop.api.ota;

import java.util.List;

public record DevicesResponse(List<DeviceView> items, int page, int size, long total) {
}
