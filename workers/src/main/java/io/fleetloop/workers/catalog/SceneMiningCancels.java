package io.fleetloop.workers.catalog;

import io.fleetloop.api.catalog.SceneMiningCancelledEvent;
import io.fleetloop.api.catalog.SceneMiningRunJob;
import io.fleetloop.workers.common.JobControl;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A cancelled scene-mining job is told to stop through the job queue's own control table (subscribing processor
 * {@code scene-mining-cancel}, in the cancelling command's transaction); the running job sees it at its next check.
 */
@Component
@ProcessingGroup("scene-mining-cancel")
class SceneMiningCancels {

    private final JobControl control;

    SceneMiningCancels(JobControl control) {
        this.control = control;
    }

    @EventHandler
    void on(SceneMiningCancelledEvent event) {
        control.cancel(SceneMiningRunJob.NAME + "/" + event.jobId().value());
    }
}
