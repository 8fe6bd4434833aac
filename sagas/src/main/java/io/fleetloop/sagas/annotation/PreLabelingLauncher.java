package io.fleetloop.sagas.annotation;

import io.fleetloop.api.annotation.PreLabelingJob;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/** Running pre-labeling queues it as a job (run by a worker, off the request thread), once per start attempt. */
@Component
@ProcessingGroup(PreLabelingLauncher.PROCESSING_GROUP)
class PreLabelingLauncher {

    static final String PROCESSING_GROUP = "annotation-prelabeling";

    private final JobQueue jobs;

    PreLabelingLauncher(JobQueue jobs) {
        this.jobs = jobs;
    }

    @EventHandler
    void on(PreLabelingStartedEvent event, @MetaDataValue("operator") String operator) throws Exception {
        PreLabelingJob job = new PreLabelingJob(event, operator == null ? "system" : operator);
        jobs.start(PreLabelingJob.NAME, job.instanceId(), job);
    }
}
