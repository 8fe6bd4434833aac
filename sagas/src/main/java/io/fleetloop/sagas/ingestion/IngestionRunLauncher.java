package io.fleetloop.sagas.ingestion;

import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.IngestionRunJob;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Starting an ingestion queues its run as a job (run by a worker, see {@code workers}'s S3 ingestion job): off any
 * unit of work, so each landed object commits on its own and shows as progress; a run a dead worker left is
 * claimed again, and the task's per-key idempotency makes the re-run harmless. One job per start attempt.
 */
@Component
@ProcessingGroup(IngestionRunLauncher.PROCESSING_GROUP)
class IngestionRunLauncher {

    static final String PROCESSING_GROUP = "ingestion-connector";

    private final JobQueue jobs;

    IngestionRunLauncher(JobQueue jobs) {
        this.jobs = jobs;
    }

    @EventHandler
    void on(DataIngestionStartedEvent event, @MetaDataValue("operator") String operator) throws Exception {
        if (event.protocolType() != ProtocolType.S3) return; // Kafka: KafkaIngestionLauncher; uploads are pushed, no job
        IngestionRunJob job = new IngestionRunJob(event, operator == null ? "system" : operator);
        jobs.start(IngestionRunJob.NAME, job.instanceId(), job);
    }
}
