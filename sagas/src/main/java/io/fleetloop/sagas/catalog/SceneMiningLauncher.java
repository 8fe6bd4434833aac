package io.fleetloop.sagas.catalog;

import io.fleetloop.api.catalog.SceneMiningRequestedEvent;
import io.fleetloop.api.catalog.SceneMiningRunJob;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * A requested scene-mining job is queued for a worker (seed 000 §9 step 2), once per job: by its id only; the worker
 * reads the request from the job's events.
 */
@Component
@ProcessingGroup(SceneMiningLauncher.PROCESSING_GROUP)
class SceneMiningLauncher {

    static final String PROCESSING_GROUP = "scene-mining-launch";

    private final JobQueue jobs;

    SceneMiningLauncher(JobQueue jobs) {
        this.jobs = jobs;
    }

    @EventHandler
    void on(SceneMiningRequestedEvent event, @MetaDataValue("operator") String operator) throws Exception {
        SceneMiningRunJob job = SceneMiningRunJob.of(event, operator == null ? "system" : operator);
        jobs.start(SceneMiningRunJob.NAME, job.instanceId(), job);
    }
}
