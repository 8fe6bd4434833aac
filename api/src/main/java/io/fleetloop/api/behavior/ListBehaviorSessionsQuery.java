package io.fleetloop.api.behavior;

import io.fleetloop.api.common.PageRequest;

public record ListBehaviorSessionsQuery(String tenantId, String deviceId, PageRequest page) {
}
