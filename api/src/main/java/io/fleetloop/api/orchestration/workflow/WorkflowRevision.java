package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One immutable revision of a workflow: its DAG (operators pinned), declared run inputs and triggers. */
public record WorkflowRevision(int number, String name, String timeZone, WorkflowDag dag, Map<String, ParameterSpec> runInputs,
                               List<WorkflowTrigger> triggers, Instant savedAt) {
    public WorkflowRevision {
        runInputs = runInputs == null ? Map.of() : Map.copyOf(runInputs);
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }
}
