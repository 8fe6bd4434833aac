package io.fleetloop.api.orchestration.workflow;

/** Revision {@code revision.number()} became current; {@code state} is the workflow's (unchanged) state. */
public record WorkflowRevisedEvent(WorkflowId workflowId, String tenantId, WorkflowState state, WorkflowRevision revision)
        implements WorkflowEvent {
}
