package io.fleetloop.sagas.orchestration.run;

import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.OrchestrationTaskCreatedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import io.fleetloop.api.orchestration.workflow.CompleteNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.FailNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class OrchestrationTaskRunsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final OrchestrationTaskRuns runs = new OrchestrationTaskRuns(commands);

    private Object sent() {
        ArgumentCaptor<Object> command = ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(command.capture(), any(MetaData.class));
        return command.getValue();
    }

    @Test
    void anAnnotationOrchestrationTaskBecomesARunOfTheBuiltInAnnotationWorkflowFollowingItsTask() {
        OrchestrationTaskCreatedEvent event = new OrchestrationTaskCreatedEvent(new OrchestrationTaskId("o-1"), "acme",
                OrchestrationTaskType.ANNOTATION, new DataFlowId("flow-1"), "ing-1", "ann-1", List.of(new AssetId("a-1")), NOW);
        runs.on(event, GenericEventMessage.asEventMessage(event));

        CreateWorkflowRunCommand create = (CreateWorkflowRunCommand) sent();
        assertThat(create.runId()).isEqualTo(OrchestrationTaskRuns.runId("acme", "ann-1"));
        assertThat(create.workflowId().value()).isEqualTo("builtin:orchestration-annotation");
        assertThat(create.trigger().kind()).isEqualTo(RunTrigger.Kind.EVENT);
        assertThat(create.dag().nodes()).singleElement().satisfies(node -> {
            assertThat(node.nodeId()).isEqualTo("annotate");
            assertThat(node.operator().spec()).containsEntry("job", "orchestration-task");
            assertThat(node.parameters()).containsEntry("targetTaskId", "ann-1").containsEntry("type", "ANNOTATION");
        });
        assertThat(create.inputs()).containsEntry("flowId", "flow-1").containsEntry("triggerIngestionTaskId", "ing-1")
                .containsEntry("assetIds", List.of("a-1"));
        assertThat(create.requestedAt()).isEqualTo(NOW);
    }

    @Test
    void theEndOfAFollowedIngestionCompletesTheIngestNodeWithItsAssets() {
        runs.on(new DataIngestionCompletedEvent(new IngestionTaskId("ing-9"), "acme", new DataSourceId("s"), List.of(new AssetId("a-1")),
                List.of("s3://x"), null, List.of(), 1, 0, 10, NOW));
        CompleteNodeExecutionCommand complete = (CompleteNodeExecutionCommand) sent();
        assertThat(complete.runId()).isEqualTo(OrchestrationTaskRuns.runId("acme", "ing-9"));
        assertThat(complete.nodeId()).isEqualTo("ingest");
        assertThat(complete.attempt()).isEqualTo(1);
        assertThat(complete.outputs()).containsEntry("assets", List.of("a-1")).containsEntry("objectCount", 1);
    }

    @Test
    void aFailedFollowedIngestionFailsTheIngestNodeWithTheError() {
        runs.on(new DataIngestionFailedEvent(new IngestionTaskId("ing-9"), "acme", new DataSourceId("s"), "bucket gone", NOW));
        FailNodeExecutionCommand fail = (FailNodeExecutionCommand) sent();
        assertThat(fail.nodeId()).isEqualTo("ingest");
        assertThat(fail.error()).contains("bucket gone");
    }

    @Test
    void theEndOfATaskNoOrchestrationTaskFollowsChangesNothing() {
        when(commands.sendAndWait(any(), any(MetaData.class))).thenThrow(new AggregateNotFoundException("run", "no run"));
        runs.on(new AnnotationTaskCompletedEvent(new AnnotationTaskId("ann-x"), "acme", NOW));
    }

    @Test
    void anyOtherFailureIsRetriedByTheProcessor() {
        when(commands.sendAndWait(any(), any(MetaData.class))).thenThrow(new IllegalStateException("database down"));
        assertThatThrownBy(() -> runs.on(new AnnotationTaskCompletedEvent(new AnnotationTaskId("ann-x"), "acme", NOW)))
                .isInstanceOf(IllegalStateException.class);
    }
}
