package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;

/** Events of the Workflow aggregate's definition (runs requested are {@link WorkflowRunRequestedEvent}). */
public interface WorkflowEvent extends TenantOwned {
    WorkflowId workflowId();
}
