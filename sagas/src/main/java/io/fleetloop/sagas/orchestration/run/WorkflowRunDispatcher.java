package io.fleetloop.sagas.orchestration.run;

import io.fleetloop.api.orchestration.workflow.CreateWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.NodeExecutionQueuedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowNodeJob;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRequestedEvent;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The run process's hands: a requested run becomes a WorkflowRun (idempotent by run id), and each queued node attempt
 * becomes one {@code workflow-node} job under {@code runId/nodeId#attempt} (queued once, not before its back-off), which
 * a worker runs and reports back to the run.
 */
@Component
@ProcessingGroup(WorkflowRunDispatcher.PROCESSING_GROUP)
class WorkflowRunDispatcher {

    static final String PROCESSING_GROUP = "workflow-run-dispatch";

    private final CommandGateway commands;
    private final JobQueue jobs;

    WorkflowRunDispatcher(CommandGateway commands, JobQueue jobs) {
        this.commands = commands;
        this.jobs = jobs;
    }

    @EventHandler
    void on(WorkflowRunRequestedEvent event) {
        commands.sendAndWait(CreateWorkflowRunCommand.from(event),
                MetaData.from(Map.of("operator", "workflow:" + event.workflowId().value(), "tenantId", event.tenantId())));
    }

    @EventHandler
    void on(NodeExecutionQueuedEvent event) throws Exception {
        WorkflowNodeJob job = new WorkflowNodeJob(event);
        jobs.start(WorkflowNodeJob.NAME, job.instanceId(), job, event.notBefore());
    }
}
