package io.fleetloop.api.ingestion;

/**
 * The request of the Kafka ingestion job (queued by sagas' Kafka launcher, run by a worker): which start of which
 * task to run, and who started it. One job per start; a stopped task's new start is a new job that resumes where
 * the task's recorded batches end.
 */
public record KafkaIngestionRunJob(DataIngestionStartedEvent started, String operator) {

    public static final String NAME = "ingestion-kafka-run";

    public String instanceId() {
        return started.taskId().value() + "#" + started.attempt();
    }
}
