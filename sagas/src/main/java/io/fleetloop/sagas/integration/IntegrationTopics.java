package io.fleetloop.sagas.integration;

import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationRejectedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCreatedEvent;
import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.api.annotation.PreLabelingCompletedEvent;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.SceneMiningCompletedEvent;
import io.fleetloop.api.ota.DeploymentBatchCompletedEvent;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.simulation.SimulationDataGeneratedEvent;

import java.util.Map;

/** Seed 000's Kafka topic names, by the event published on each. */
final class IntegrationTopics {

    static final Map<Class<?>, String> BY_EVENT = Map.ofEntries(
            Map.entry(DataIngestionStartedEvent.class, "ingestion.started"),
            Map.entry(DataIngestionCompletedEvent.class, "ingestion.completed"),
            Map.entry(DataIngestionFailedEvent.class, "ingestion.failed"),
            Map.entry(MetadataRegisteredEvent.class, "catalog.registered"),
            Map.entry(SceneMiningCompletedEvent.class, "catalog.scene-mining-completed"),
            Map.entry(AnnotationTaskCreatedEvent.class, "annotation.task-created"),
            Map.entry(PreLabelingCompletedEvent.class, "annotation.prelabel-completed"),
            Map.entry(AnnotationApprovedEvent.class, "annotation.approved"),
            Map.entry(AnnotationRejectedEvent.class, "annotation.rejected"),
            Map.entry(DatasetExportedEvent.class, "annotation.dataset-exported"),
            Map.entry(ReleaseTaskCreatedEvent.class, "ota.release-created"),
            Map.entry(DeploymentBatchCompletedEvent.class, "ota.batch-completed"),
            Map.entry(RollbackTriggeredEvent.class, "ota.rollback-triggered"),
            Map.entry(OTAClosedLoopCompletedEvent.class, "ota.closed-loop-completed"),
            Map.entry(ProblemSampleIdentifiedEvent.class, "behavior.problem-identified"),
            Map.entry(FeedbackDecisionMadeEvent.class, "behavior.feedback-decision"),
            Map.entry(SimulationDataGeneratedEvent.class, "simulation.generated"));

    private IntegrationTopics() {
    }
}
