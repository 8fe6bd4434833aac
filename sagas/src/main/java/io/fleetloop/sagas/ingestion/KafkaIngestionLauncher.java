package io.fleetloop.sagas.ingestion;

import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.KafkaIngestionRunJob;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Starting (or resuming) a Kafka ingestion queues its run as a job (see {@code workers}'s Kafka ingestion job), one
 * per start attempt. The job resumes where the task's recorded batches end, so a start after a stop, or a job a dead
 * worker left and the queue runs again, neither skips nor repeats a record.
 */
@Component
@ProcessingGroup(IngestionRunLauncher.PROCESSING_GROUP)
class KafkaIngestionLauncher {

    private final JobQueue jobs;

    KafkaIngestionLauncher(JobQueue jobs) {
        this.jobs = jobs;
    }

    @EventHandler
    void on(DataIngestionStartedEvent event, @MetaDataValue("operator") String operator) throws Exception {
        if (event.protocolType() != ProtocolType.KAFKA) return;
        KafkaIngestionRunJob job = new KafkaIngestionRunJob(event, operator == null ? "system" : operator);
        jobs.start(KafkaIngestionRunJob.NAME, job.instanceId(), job);
    }
}
