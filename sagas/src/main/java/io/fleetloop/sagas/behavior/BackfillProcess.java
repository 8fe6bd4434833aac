package io.fleetloop.sagas.behavior;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.FlagBackfillStalledCommand;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.RecordBackfillStageCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.ingestion.CreateIngestionTaskCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import io.fleetloop.api.orchestration.CreateOrchestrationTaskCommand;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.ReleaseStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Seed 000 §4 steps 11–14 and §10: the backfill loop of one feedback decision. It records an OrchestrationTask of
 * type INGESTION and creates and starts the ingestion task the decision's scope names; follows the ingestion
 * (started, completed), waits until the catalog registered every backfilled asset, then creates the annotation task
 * over them itself (type and labeler from {@code fleetloop.backfill.*}; pre-labeling starts at once) and records an
 * OrchestrationTask of type ANNOTATION; follows that task to completion (every result approved), its dataset export,
 * the release whose model-ready webhook named that dataset first in {@code datasetIds}, the release's start and its
 * closed loop, where it ends. Every stage is recorded on the decision with the proving event's time; each wait has a
 * deadline ({@code fleetloop.backfill.stall-after.<STAGE>}) that flags the loop as stalled (and the wait goes on).
 * Ids of what it creates derive from the decision, so a retry creates nothing twice.
 */
@Saga
@ProcessingGroup(BackfillProcess.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class BackfillProcess {

    static final String PROCESSING_GROUP = "behavior-backfill";
    static final String STALL = "backfill-stall";
    static final String DECISION = "decisionId";
    static final String INGESTION_TASK = "ingestionTaskId";
    static final String ASSET = "assetId";
    static final String ANNOTATION_TASK = "annotationTaskId";
    static final String DATASET = "datasetId";
    static final String RELEASE_TASK = "releaseTaskId";
    private static final Logger log = LoggerFactory.getLogger(BackfillProcess.class);

    /** The payload of a stall deadline: the stage awaited and since when. */
    public record Awaiting(BackfillStage stage, Instant since) {
    }

    @JsonIgnore
    private transient CommandGateway commands;
    @JsonIgnore
    private transient DeadlineManager deadlines;
    @JsonIgnore
    private transient BackfillProperties properties;

    private FeedbackDecisionId decisionId;
    private String tenantId;
    private IngestionTaskId ingestionTaskId;
    private List<String> assetIds = new ArrayList<>();
    private Set<String> uncatalogued = new LinkedHashSet<>();
    private AnnotationTaskId annotationTaskId;
    private ReleaseTaskId releaseTaskId;
    private Set<BackfillStage> reached = new LinkedHashSet<>();

    @Autowired
    void setCommands(CommandGateway commands) {
        this.commands = commands;
    }

    @Autowired
    void setDeadlines(DeadlineManager deadlines) {
        this.deadlines = deadlines;
    }

    @Autowired
    void setProperties(BackfillProperties properties) {
        this.properties = properties;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = DECISION)
    void on(FeedbackDecisionMadeEvent event) {
        decisionId = event.decisionId();
        tenantId = event.tenantId();
        NextIngestionScope scope = event.nextIngestionScope();
        if (scope == null || scope.sourceId() == null) {
            // the command side refuses such a decision; one that reaches the bus anyway (an import, a hand-published
            // event) has nothing to ingest from: the process ends instead of blocking every later loop
            log.warn("Feedback decision {} of {} names no ingestion source; no backfill runs", decisionId, tenantId);
            SagaLifecycle.end();
            return;
        }
        ingestionTaskId = new IngestionTaskId(derivedId("backfill-ingestion:" + decisionId));
        SagaLifecycle.associateWith(INGESTION_TASK, ingestionTaskId.value());
        awaitStage(BackfillStage.INGESTION_STARTED, event.decidedAt());
        send(new CreateOrchestrationTaskCommand(new OrchestrationTaskId(derivedId("backfill-orchestration:" + decisionId)), tenantId,
                OrchestrationTaskType.INGESTION, null, null, ingestionTaskId.value(), List.of()));
        send(new CreateIngestionTaskCommand(ingestionTaskId, tenantId, new DataSourceId(scope.sourceId()),
                new IngestionRule(scope.includePattern(), scope.targetPath(), scope.modalities().isEmpty() ? null : scope.modalities().get(0))));
        send(new StartIngestionCommand(ingestionTaskId, tenantId));
    }

    @SagaEventHandler(associationProperty = "taskId", keyName = INGESTION_TASK)
    void on(DataIngestionStartedEvent event) {
        reach(BackfillStage.INGESTION_STARTED, List.of(event.taskId().value()), event.startedAt(), BackfillStage.DATA_INGESTED);
    }

    @SagaEventHandler(associationProperty = "taskId", keyName = INGESTION_TASK)
    void on(DataIngestionCompletedEvent event) {
        if (reached.contains(BackfillStage.DATA_INGESTED)) return;
        assetIds = new ArrayList<>(event.assetIds().stream().map(AssetId::value).toList());
        uncatalogued = new LinkedHashSet<>(assetIds);
        assetIds.forEach(asset -> SagaLifecycle.associateWith(ASSET, asset));
        List<String> refs = new ArrayList<>(List.of(event.taskId().value()));
        refs.addAll(assetIds);
        reach(BackfillStage.DATA_INGESTED, refs, event.completedAt(), BackfillStage.ANNOTATED);
    }

    /** Annotation starts once the catalog knows every backfilled asset (an annotation task checks its assets there). */
    @SagaEventHandler(associationProperty = ASSET)
    void on(MetadataRegisteredEvent event) {
        SagaLifecycle.removeAssociationWith(ASSET, event.assetId().value());
        if (!uncatalogued.remove(event.assetId().value()) || !uncatalogued.isEmpty() || annotationTaskId != null) return;
        annotationTaskId = new AnnotationTaskId(derivedId("backfill-annotation:" + decisionId));
        SagaLifecycle.associateWith(ANNOTATION_TASK, annotationTaskId.value());
        List<AssetId> assets = assetIds.stream().map(AssetId::new).toList();
        send(new CreateAnnotationTaskCommand(annotationTaskId, tenantId, "backfill " + decisionId.value().substring(0, Math.min(8, decisionId.value().length())), assets,
                properties.annotationType(), properties.preLabelConfig(), new QcPolicy(properties.spotCheckRate()), origin()));
        send(new CreateOrchestrationTaskCommand(new OrchestrationTaskId(derivedId("backfill-orchestration-annotation:" + decisionId)), tenantId,
                OrchestrationTaskType.ANNOTATION, null, ingestionTaskId.value(), annotationTaskId.value(), assets));
        send(new RunPreLabelingCommand(annotationTaskId, tenantId));
    }

    @SagaEventHandler(associationProperty = "taskId", keyName = ANNOTATION_TASK)
    void on(AnnotationTaskCompletedEvent event) {
        reach(BackfillStage.ANNOTATED, List.of(event.taskId().value()), event.completedAt(), BackfillStage.EXPORTED);
    }

    /** Every export of the task is a dataset of this loop (a release may name any of them). */
    @SagaEventHandler(associationProperty = "taskId", keyName = ANNOTATION_TASK)
    void on(DatasetExportedEvent event) {
        SagaLifecycle.associateWith(DATASET, event.datasetAssetId().value());
        reach(BackfillStage.EXPORTED, List.of(event.datasetAssetId().value()), event.exportedAt(), BackfillStage.MODEL_READY);
    }

    @SagaEventHandler(associationProperty = "datasetIds", keyName = DATASET, associationResolver = FirstDatasetResolver.class)
    void on(ReleaseTaskCreatedEvent event) {
        if (releaseTaskId != null) return; // the loop follows its first release
        releaseTaskId = event.taskId();
        SagaLifecycle.associateWith(RELEASE_TASK, releaseTaskId.value());
        List<String> refs = new ArrayList<>(List.of(event.taskId().value(), event.versionId()));
        event.datasetIdList().forEach(d -> refs.add(d.value()));
        reach(BackfillStage.MODEL_READY, refs, event.createdAt(), BackfillStage.ROLLOUT_STARTED);
    }

    @SagaEventHandler(associationProperty = "taskId", keyName = RELEASE_TASK)
    void on(ReleaseStartedEvent event) {
        reach(BackfillStage.ROLLOUT_STARTED, List.of(event.taskId().value()), event.startedAt(), BackfillStage.ROLLOUT_COMPLETED);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "taskId", keyName = RELEASE_TASK)
    void on(OTAClosedLoopCompletedEvent event) {
        deadlines.cancelAllWithinScope(STALL);
        reached.add(BackfillStage.ROLLOUT_COMPLETED);
        send(new RecordBackfillStageCommand(decisionId, tenantId, BackfillStage.ROLLOUT_COMPLETED,
                List.of(event.taskId().value(), event.versionId()), event.completedAt()));
    }

    /** The awaited stage did not come in time: flagged as of when it was due; the loop keeps waiting. */
    @DeadlineHandler(deadlineName = STALL)
    void stalled(Awaiting awaiting) {
        if (reached.contains(awaiting.stage())) return;
        send(new FlagBackfillStalledCommand(decisionId, tenantId, awaiting.stage(), awaiting.since(),
                awaiting.since().plus(properties.stallAfter(awaiting.stage()))));
    }

    private void reach(BackfillStage stage, List<String> refs, Instant at, BackfillStage next) {
        if (!reached.add(stage)) return;
        send(new RecordBackfillStageCommand(decisionId, tenantId, stage, refs, at));
        if (!reached.contains(next)) awaitStage(next, at);
    }

    private void awaitStage(BackfillStage stage, Instant since) {
        deadlines.cancelAllWithinScope(STALL);
        deadlines.schedule(since.plus(properties.stallAfter(stage)), STALL, new Awaiting(stage, since));
    }

    /**
     * Sends and waits. A refusal (say, the source was deleted, or the command was sent before by a retried run) is
     * logged, not thrown: the loop then waits for its next stage and the stall deadline flags it if nothing comes.
     */
    private void send(Object command) {
        try {
            commands.sendAndWait(command, MetaData.from(Map.of("operator", origin(), "tenantId", tenantId)));
        } catch (RuntimeException e) {
            log.warn("Backfill {}: {} refused: {}", decisionId, command.getClass().getSimpleName(), e.getMessage());
        }
    }

    private String origin() {
        return "backfill:" + decisionId.value();
    }

    private static String derivedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
