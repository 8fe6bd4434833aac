package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.PageRequest;

public record ListDataFlowsQuery(String tenantId, PageRequest page) {
}
