package io.fleetloop.api.orchestration.workflow;

import java.util.List;

public record WorkflowsResponse(List<WorkflowView> items, int page, int size, long total) {
}
