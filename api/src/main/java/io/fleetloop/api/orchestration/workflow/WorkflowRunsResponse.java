package io.fleetloop.api.orchestration.workflow;

import java.util.List;

public record WorkflowRunsResponse(List<WorkflowRunView> items) {
}
