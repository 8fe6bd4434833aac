package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.ArtifactRef;

import java.util.List;
import java.util.Map;

/** What an operator produced: outputs, files already stored as artifacts, and a log tail. */
record NodeResult(Map<String, Object> outputs, List<ArtifactRef> artifacts, String log) {

    static NodeResult of(Map<String, Object> outputs) {
        return new NodeResult(outputs, List.of(), null);
    }
}
