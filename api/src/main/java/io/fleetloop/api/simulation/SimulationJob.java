package io.fleetloop.api.simulation;

/** The request of the simulation job (queued by sagas' simulation launcher, run by a worker). */
public record SimulationJob(SimulationTaskCreatedEvent created, String operator) {

    public static final String NAME = "simulation-run";

    public String instanceId() {
        return created.taskId().value();
    }
}
