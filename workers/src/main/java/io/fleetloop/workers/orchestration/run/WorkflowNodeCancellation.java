package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.WorkflowRunCancelledEvent;
import io.fleetloop.workers.common.JobControl;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A cancelled run asks its queued and running node jobs to stop ({@link JobControl#cancel}); they see it at their next
 * check. Subscribing: the request is written in the cancelling transaction, by whichever process handled it.
 */
@Component
@ProcessingGroup(WorkflowNodeCancellation.PROCESSING_GROUP)
class WorkflowNodeCancellation {

    static final String PROCESSING_GROUP = "workflow-node-cancellation";

    private final JobControl control;

    WorkflowNodeCancellation(JobControl control) {
        this.control = control;
    }

    @EventHandler
    void on(WorkflowRunCancelledEvent event) {
        event.stopJobIds().forEach(control::cancel);
    }
}
