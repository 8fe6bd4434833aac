package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** The current revision travels along so a trigger table can be rebuilt from this event alone. */
public record WorkflowEnabledEvent(WorkflowId workflowId, String tenantId, WorkflowRevision revision, Instant enabledAt)
        implements WorkflowEvent {
}
