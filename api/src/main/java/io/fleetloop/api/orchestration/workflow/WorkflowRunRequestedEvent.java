package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.Map;

/**
 * The workflow accepted a run: the revision's DAG travels with the event (operators resolved and pinned), so the run
 * process needs nothing else from the workflow definition. The run's own lifecycle starts from this event.
 */
public record WorkflowRunRequestedEvent(WorkflowId workflowId, String tenantId, WorkflowRunId runId, int revision,
                                        WorkflowDag dag, Map<String, Object> inputs, RunTrigger trigger, Instant requestedAt)
        implements TenantOwned {
    public WorkflowRunRequestedEvent {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
}
