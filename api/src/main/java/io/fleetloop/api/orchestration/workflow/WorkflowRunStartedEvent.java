package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.Map;

/** The run process took over a requested run: its DAG (operators pinned) and inputs travel with it. */
public record WorkflowRunStartedEvent(WorkflowRunId runId, String tenantId, WorkflowId workflowId, int revision, WorkflowDag dag,
                                      Map<String, Object> inputs, RunTrigger trigger, Instant startedAt) implements WorkflowRunEvent {
    public WorkflowRunStartedEvent {
        inputs = NodeMaps.copy(inputs);
    }
}
