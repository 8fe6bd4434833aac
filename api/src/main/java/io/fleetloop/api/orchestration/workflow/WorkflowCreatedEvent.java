package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

public record WorkflowCreatedEvent(WorkflowId workflowId, String tenantId, WorkflowState state, WorkflowRevision revision,
                                   Instant createdAt) implements WorkflowEvent {
}
