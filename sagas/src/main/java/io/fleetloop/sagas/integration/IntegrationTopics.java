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
import io.fleetloop.api.diagnosis.AllFilesParsedEvent;
import io.fleetloop.api.diagnosis.BatchCreatedEvent;
import io.fleetloop.api.diagnosis.DiagnosisCompletedEvent;
import io.fleetloop.api.diagnosis.FileParsedEvent;
import io.fleetloop.api.diagnosis.GatheringCompletedEvent;
import io.fleetloop.api.diagnosis.StatusChangedEvent;

import java.util.List;
import java.util.Map;

/** Seed 000's Kafka topic names (and seed 004's log-batch events), by the event published on each. */
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
            Map.entry(SimulationDataGeneratedEvent.class, "simulation.generated"),

            // seed 004 (log batches): its events, one topic each
            Map.entry(BatchCreatedEvent.class, "batch.created"),
            Map.entry(FileParsedEvent.class, "batch.file-parsed"),
            Map.entry(AllFilesParsedEvent.class, "batch.all-files-parsed"),
            Map.entry(GatheringCompletedEvent.class, "batch.gathering-completed"),
            Map.entry(DiagnosisCompletedEvent.class, "batch.diagnosis-completed"),
            Map.entry(StatusChangedEvent.class, "batch.status-changed"));

    /**
     * The per-item lists of events that can list many items, cut in step when the message is over the size limit
     * ({@link IntegrationMessageParts}); item i of each list belongs together.
     */
    static final Map<Class<?>, List<String>> PER_ITEM_LISTS = Map.of(
            DataIngestionCompletedEvent.class, List.of("assetIds", "storagePaths", "assets"),
            SceneMiningCompletedEvent.class, List.of("assetIds", "assets"),
            AnnotationTaskCreatedEvent.class, List.of("assetIds"),
            PreLabelingCompletedEvent.class, List.of("resultIds"),
            DatasetExportedEvent.class, List.of("results"),
            SimulationDataGeneratedEvent.class, List.of("outputAssetIds", "outputs"),
            AllFilesParsedEvent.class, List.of("files"));

    private IntegrationTopics() {
    }
}
