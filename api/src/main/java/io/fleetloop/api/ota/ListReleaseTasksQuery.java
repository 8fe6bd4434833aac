package io.fleetloop.api.ota;

import io.fleetloop.api.common.PageRequest;

public record ListReleaseTasksQuery(String tenantId, ReleaseTaskStatus status, PageRequest page) {
}
