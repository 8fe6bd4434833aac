package io.fleetloop.sagas.orchestration.run;

import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskCreatedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import io.fleetloop.api.orchestration.workflow.CompleteNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.FailNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorRef;
import io.fleetloop.api.orchestration.workflow.RetryPolicy;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.WorkflowDag;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Every OrchestrationTask (a data flow's ANNOTATION task, a backfill's INGESTION) is also a run of a built-in workflow
 * ({@code builtin:orchestration-annotation}, {@code builtin:orchestration-ingestion}), so runs and orchestration tasks are
 * read in one place ({@code GET /v1/workflow-runs}). The run has one node ({@code annotate} or {@code ingest}) that follows
 * the task's job: its {@code orchestration-task} operator completes it at once when the job has already ended and
 * otherwise leaves it RUNNING; this process completes or fails it when the job ends. The run id derives from tenant and
 * target task, so the job's events find their run without a lookup table (an ingestion or annotation task that no
 * orchestration task follows has no run, and its events change nothing here).
 */
@Component
@ProcessingGroup(OrchestrationTaskRuns.PROCESSING_GROUP)
class OrchestrationTaskRuns {

    static final String PROCESSING_GROUP = "orchestration-task-runs";
    static final String WORKFLOW_PREFIX = "builtin:orchestration-";

    private final CommandGateway commands;

    OrchestrationTaskRuns(CommandGateway commands) {
        this.commands = commands;
    }

    /** The run that mirrors the orchestration task whose work is {@code targetTaskId}. */
    static WorkflowRunId runId(String tenantId, String targetTaskId) {
        return new WorkflowRunId(UUID.nameUUIDFromBytes(("orchestration-run:" + tenantId + ":" + targetTaskId).getBytes(StandardCharsets.UTF_8))
                .toString());
    }

    static String nodeId(OrchestrationTaskType type) {
        return type == OrchestrationTaskType.INGESTION ? "ingest" : "annotate";
    }

    @EventHandler
    void on(OrchestrationTaskCreatedEvent event, EventMessage<?> message) {
        if (event.targetTaskId() == null) return;
        String type = event.type().name().toLowerCase(Locale.ROOT);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("type", event.type().name());
        parameters.put("targetTaskId", event.targetTaskId());
        WorkflowNode node = new WorkflowNode(nodeId(event.type()), new OperatorRef(WORKFLOW_PREFIX + type, 1, OperatorKind.BUILTIN,
                Map.of("job", "orchestration-task", "context", event.type() == OrchestrationTaskType.INGESTION ? "ING" : "ANN")),
                Map.of(), List.of(), parameters, RetryPolicy.NONE, null, null);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("orchestrationTaskId", event.orchestrationTaskId().value());
        if (event.flowId() != null) inputs.put("flowId", event.flowId().value());
        if (event.triggerIngestionTaskId() != null) inputs.put("triggerIngestionTaskId", event.triggerIngestionTaskId());
        inputs.put("targetTaskId", event.targetTaskId());
        inputs.put("assetIds", event.assetIds().stream().map(Object::toString).toList());
        commands.sendAndWait(new CreateWorkflowRunCommand(runId(event.tenantId(), event.targetTaskId()), event.tenantId(),
                        new WorkflowId(WORKFLOW_PREFIX + type), 1, new WorkflowDag(List.of(node)), inputs,
                        new RunTrigger(RunTrigger.Kind.EVENT, null, null, "orchestration-task", message.getIdentifier()), event.createdAt()),
                metaData(event.tenantId()));
    }

    @EventHandler
    void on(DataIngestionCompletedEvent event) {
        if (event.batch() != null) return; // a batch of a task that keeps running
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("taskId", event.taskId().value());
        outputs.put("assets", event.assetIds().stream().map(Object::toString).toList());
        outputs.put("objectCount", event.objectCount());
        outputs.put("totalBytes", event.totalBytes());
        report(new CompleteNodeExecutionCommand(runId(event.tenantId(), event.taskId().value()), event.tenantId(), "ingest", 1, outputs,
                List.of(), "ingestion task " + event.taskId().value() + " completed"), event.tenantId());
    }

    @EventHandler
    void on(DataIngestionFailedEvent event) {
        report(new FailNodeExecutionCommand(runId(event.tenantId(), event.taskId().value()), event.tenantId(), "ingest", 1,
                "ingestion task " + event.taskId().value() + " failed: " + event.errorMessage(), null), event.tenantId());
    }

    @EventHandler
    void on(AnnotationTaskCompletedEvent event) {
        report(new CompleteNodeExecutionCommand(runId(event.tenantId(), event.taskId().value()), event.tenantId(), "annotate", 1,
                Map.of("taskId", event.taskId().value()), List.of(), "annotation task " + event.taskId().value() + " completed"),
                event.tenantId());
    }

    /** Reports the job's end to its run; a task that no orchestration task follows has no run, and nothing happens. */
    private void report(Object command, String tenantId) {
        try {
            commands.sendAndWait(command, metaData(tenantId));
        } catch (RuntimeException e) {
            if (!noSuchRun(e)) throw e;
        }
    }

    private static boolean noSuchRun(Throwable error) {
        if (CommandRefusals.code(error).filter(code -> code == ErrorCode.NOT_FOUND).isPresent()) return true;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateNotFoundException) return true;
        }
        return false;
    }

    private static MetaData metaData(String tenantId) {
        return MetaData.from(Map.of("operator", "orchestration-task-run", "tenantId", tenantId));
    }
}
