package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.ArtifactRef;

import java.util.List;
import java.util.Map;

/** What an operator produced: outputs, files already stored as artifacts, and a log tail. */
record NodeResult(Map<String, Object> outputs, List<ArtifactRef> artifacts, String log) {

    /**
     * The node follows a platform job that reports its end to the run itself (an orchestration task's run): the
     * attempt stays RUNNING and the job reports nothing.
     */
    static final NodeResult DEFERRED = new NodeResult(Map.of(), List.of(), null);

    static NodeResult of(Map<String, Object> outputs) {
        return new NodeResult(outputs, List.of(), null);
    }
}
