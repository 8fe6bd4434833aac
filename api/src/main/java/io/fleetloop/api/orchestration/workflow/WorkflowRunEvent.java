package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;

/** Every event of a run's lifecycle names its run (and tenant): the run's progress stream is these events in order. */
public interface WorkflowRunEvent extends TenantOwned {
    WorkflowRunId runId();
}
