package io.fleetloop.api.ingestion;

/**
 * The request of the ingestion-run job (queued by the ingestion launcher in sagas, run by a worker): which start
 * of which task to run, and who started it.
 */
public record IngestionRunJob(DataIngestionStartedEvent started, String operator) {

    public static final String NAME = "ingestion-run";

    public String instanceId() {
        return started.taskId().value() + "#" + started.attempt();
    }
}
