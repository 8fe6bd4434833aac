package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.PageRequest;

public record ListWorkflowsQuery(String tenantId, PageRequest page) {
}
