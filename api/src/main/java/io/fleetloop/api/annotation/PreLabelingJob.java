package io.fleetloop.api.annotation;

/**
 * The request of the pre-labeling job (queued by the pre-labeling launcher in sagas, run by a worker): which start
 * of which task's pre-labeling to run, and who started it.
 */
public record PreLabelingJob(PreLabelingStartedEvent started, String operator) {

    public static final String NAME = "annotation-prelabel";

    public String instanceId() {
        return started.taskId().value() + "#" + started.attempt();
    }
}
