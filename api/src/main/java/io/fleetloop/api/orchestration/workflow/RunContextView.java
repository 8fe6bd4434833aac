package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The run's context: its state now, and each node's patch with the snapshot after it (seed 003 state/patch/snapshot). */
public record RunContextView(String runId, int version, Map<String, Object> state, List<Patch> patches) {
    public record Patch(int version, String nodeId, int attempt, Map<String, Object> patch, Map<String, Object> snapshot, Instant at) {
    }
}
