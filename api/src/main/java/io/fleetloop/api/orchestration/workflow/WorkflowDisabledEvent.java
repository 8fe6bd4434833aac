package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

public record WorkflowDisabledEvent(WorkflowId workflowId, String tenantId, Instant disabledAt) implements WorkflowEvent {
}
