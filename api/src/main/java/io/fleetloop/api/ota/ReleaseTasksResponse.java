package io.fleetloop.api.ota;

import java.util.List;

public record ReleaseTasksResponse(List<ReleaseTaskView> items, int page, int size, long total) {
}
