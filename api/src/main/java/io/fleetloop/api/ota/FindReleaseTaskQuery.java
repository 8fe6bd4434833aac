package io.fleetloop.api.ota;

public record FindReleaseTaskQuery(String tenantId, ReleaseTaskId taskId) {
}
