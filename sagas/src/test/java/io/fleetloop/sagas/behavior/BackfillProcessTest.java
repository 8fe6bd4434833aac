package io.fleetloop.sagas.behavior;

import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.api.annotation.ExportFormat;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.FlagBackfillStalledCommand;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.RecordBackfillStageCommand;
import io.fleetloop.api.behavior.TimeWindow;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.ingestion.CreateIngestionTaskCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import io.fleetloop.api.orchestration.CreateOrchestrationTaskCommand;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.ReleaseStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseType;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

class BackfillProcessTest {

    private static final FeedbackDecisionId DECISION = new FeedbackDecisionId("fd-1");
    private static final String ID = DECISION.value();
    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");
    private static final NextIngestionScope SCOPE = new NextIngestionScope(List.of("car-7"), List.of("VEHICLE"),
            List.of(new TimeWindow(AT.minusSeconds(600), AT.minusSeconds(500))), List.of("rain"), List.of(Modality.LIDAR, Modality.CAN),
            "accel_x < -4", 8, 4, "src-1", "**", "backfill/fd-1");
    private static final IngestionTaskId INGESTION = new IngestionTaskId(derived("backfill-ingestion:fd-1"));
    private static final AnnotationTaskId ANNOTATION = new AnnotationTaskId(derived("backfill-annotation:fd-1"));
    private static final AssetId A1 = new AssetId("a1");
    private static final AssetId A2 = new AssetId("a2");
    private static final AssetId DATASET = new AssetId("ds-1");
    private static final ReleaseTaskId RELEASE = new ReleaseTaskId("rel-1");
    private static final GrayPolicy POLICY = new GrayPolicy(List.of(100.0), 0.0, null, null, 0.9, 0.2, "PT2H", false);

    private static String derived(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A fresh fixture per scenario, with stalls flagged after one hour for every stage. */
    private static SagaTestFixture<BackfillProcess> fixture() {
        SagaTestFixture<BackfillProcess> fixture = new SagaTestFixture<>(BackfillProcess.class);
        Map<BackfillStage, Duration> hour = new java.util.EnumMap<>(BackfillStage.class);
        for (BackfillStage stage : BackfillStage.values()) hour.put(stage, Duration.ofHours(1));
        fixture.registerResource(new BackfillProperties(hour, null, null, null, null, null));
        return fixture;
    }

    private static FeedbackDecisionMadeEvent made() {
        return new FeedbackDecisionMadeEvent(DECISION, "acme", List.of(new ProblemSampleId("ps-1")), SCOPE, "user:eng", AT);
    }

    private static DataIngestionStartedEvent ingestionStarted(Instant at) {
        return new DataIngestionStartedEvent(INGESTION, "acme", new DataSourceId("src-1"), null, null,
                new IngestionRule("**", "backfill/fd-1", Modality.LIDAR), 1, at);
    }

    private static DataIngestionCompletedEvent ingestionCompleted(Instant at) {
        return new DataIngestionCompletedEvent(INGESTION, "acme", new DataSourceId("src-1"), List.of(A1, A2), List.of("p1", "p2"), Modality.LIDAR,
                List.of(new IngestedAsset(A1, "p1", 10, "h1", at, Map.of()), new IngestedAsset(A2, "p2", 10, "h2", at, Map.of())), 2, 0, 20, at);
    }

    private static MetadataRegisteredEvent registered(AssetId asset) {
        return new MetadataRegisteredEvent(asset, "acme", new DataSourceId("src-1"), INGESTION, "p", 10, "h", Modality.LIDAR, AT, Map.of());
    }

    private static DatasetExportedEvent exported(Instant at) {
        return new DatasetExportedEvent(ANNOTATION, "acme", DATASET, ExportFormat.KITTI, 1, "tenants/acme/datasets/x.zip", "h", 100, List.of(), at);
    }

    private static ReleaseTaskCreatedEvent released(List<AssetId> datasets, Instant at) {
        return new ReleaseTaskCreatedEvent(RELEASE, "acme", "v2", ReleaseType.SOTA, "s3://b/tenants/acme/m.bin", DeviceType.VEHICLE, POLICY,
                null, "sha", 1, at, "sha1", "md5", null, null, datasets);
    }

    private static RecordBackfillStageCommand stage(BackfillStage stage, Instant at, String... refs) {
        return new RecordBackfillStageCommand(DECISION, "acme", stage, List.of(refs), at);
    }

    @Test
    void aDecisionRecordsAnIngestionOrchestrationTaskAndCreatesAndStartsTheIngestionOfItsScope() {
        fixture().givenNoPriorActivity()
                .whenPublishingA(made())
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new CreateOrchestrationTaskCommand(new OrchestrationTaskId(derived("backfill-orchestration:fd-1")), "acme",
                                OrchestrationTaskType.INGESTION, null, null, INGESTION.value(), List.of()),
                        new CreateIngestionTaskCommand(INGESTION, "acme", new DataSourceId("src-1"), new IngestionRule("**", "backfill/fd-1", Modality.LIDAR)),
                        new StartIngestionCommand(INGESTION, "acme"))
                .expectScheduledDeadlineWithName(AT.plus(Duration.ofHours(1)), BackfillProcess.STALL);
    }

    @Test
    void aDecisionWithoutASourceEndsTheProcessWithoutBlockingLaterOnes() {
        NextIngestionScope noSource = new NextIngestionScope(List.of("car-7"), List.of(), List.of(), List.of(), List.of(), null, 10, 5,
                null, "**", "backfill/fd-1");
        fixture().givenNoPriorActivity()
                .whenPublishingA(new FeedbackDecisionMadeEvent(DECISION, "acme", List.of(new ProblemSampleId("ps-1")), noSource, "user:eng", AT))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void theIngestionsStartAndCompletionAreRecordedAtTheirEventsTimes() {
        Instant started = AT.plusSeconds(5);
        Instant completed = AT.plusSeconds(50);
        fixture().givenAPublished(made()).andThenAPublished(ingestionStarted(started))
                .whenPublishingA(ingestionCompleted(completed))
                .expectDispatchedCommands(stage(BackfillStage.DATA_INGESTED, completed, INGESTION.value(), "a1", "a2"));
    }

    @Test
    void annotationIsCreatedOnlyOnceTheCatalogRegisteredEveryBackfilledAsset() {
        fixture().givenAPublished(made()).andThenAPublished(ingestionStarted(AT)).andThenAPublished(ingestionCompleted(AT))
                .andThenAPublished(registered(A1))
                .whenPublishingA(registered(A2))
                .expectDispatchedCommands(
                        new CreateAnnotationTaskCommand(ANNOTATION, "acme", "backfill fd-1", List.of(A1, A2), AnnotationType.BOX_3D,
                                new PreLabelConfig(PreLabelConfig.Labeler.BUILTIN_LIDAR, null, 0.2), new QcPolicy(0.0), "backfill:fd-1"),
                        new CreateOrchestrationTaskCommand(new OrchestrationTaskId(derived("backfill-orchestration-annotation:fd-1")), "acme",
                                OrchestrationTaskType.ANNOTATION, null, INGESTION.value(), ANNOTATION.value(), List.of(A1, A2)),
                        new RunPreLabelingCommand(ANNOTATION, "acme"));
    }

    @Test
    void oneRegisteredAssetOfTwoCreatesNoAnnotationTask() {
        fixture().givenAPublished(made()).andThenAPublished(ingestionCompleted(AT))
                .whenPublishingA(registered(A1))
                .expectNoDispatchedCommands();
    }

    @Test
    void theAnnotatedExportedModelReadyAndRolloutStagesFollowTheLoopsTaskDatasetAndRelease() {
        Instant done = AT.plusSeconds(100);
        fixture().givenAPublished(made()).andThenAPublished(ingestionStarted(AT)).andThenAPublished(ingestionCompleted(AT))
                .andThenAPublished(registered(A1)).andThenAPublished(registered(A2))
                .andThenAPublished(new AnnotationTaskCompletedEvent(ANNOTATION, "acme", done))
                .andThenAPublished(exported(done.plusSeconds(1)))
                .andThenAPublished(released(List.of(DATASET, new AssetId("other")), done.plusSeconds(2)))
                .andThenAPublished(new ReleaseStartedEvent(RELEASE, "acme", List.of(), 3, POLICY, done.plusSeconds(3)))
                .whenPublishingA(new OTAClosedLoopCompletedEvent(RELEASE, "acme", "v2", 3, 3, done.plusSeconds(4)))
                .expectActiveSagas(0)
                .expectDispatchedCommands(stage(BackfillStage.ROLLOUT_COMPLETED, done.plusSeconds(4), "rel-1", "v2"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void theModelReadyStageRecordsTheReleaseItsVersionAndDatasets() {
        Instant at = AT.plusSeconds(200);
        fixture().givenAPublished(made()).andThenAPublished(ingestionCompleted(AT))
                .andThenAPublished(registered(A1)).andThenAPublished(registered(A2))
                .andThenAPublished(new AnnotationTaskCompletedEvent(ANNOTATION, "acme", AT))
                .andThenAPublished(exported(AT))
                .whenPublishingA(released(List.of(DATASET), at))
                .expectDispatchedCommands(stage(BackfillStage.MODEL_READY, at, "rel-1", "v2", "ds-1"));
    }

    @Test
    void aReleaseOfAnotherDatasetIsNotThisLoops() {
        fixture().givenAPublished(made()).andThenAPublished(ingestionCompleted(AT))
                .andThenAPublished(registered(A1)).andThenAPublished(registered(A2))
                .andThenAPublished(new AnnotationTaskCompletedEvent(ANNOTATION, "acme", AT))
                .andThenAPublished(exported(AT))
                .whenPublishingA(released(List.of(new AssetId("someone-elses")), AT))
                .expectNoDispatchedCommands();
    }

    @Test
    void aStageThatDoesNotComeInTimeIsFlaggedAsOfWhenItWasDue() throws Exception {
        fixture().givenCurrentTime(AT).andThenAPublished(made())
                .whenTimeElapses(Duration.ofMinutes(61))
                .expectDispatchedCommands(new FlagBackfillStalledCommand(DECISION, "acme", BackfillStage.INGESTION_STARTED, AT, AT.plus(Duration.ofHours(1))));
    }

    @Test
    void reachingTheAwaitedStageMovesTheDeadlineToTheNextStage() throws Exception {
        Instant started = AT.plusSeconds(600);
        fixture().givenCurrentTime(AT).andThenAPublished(made()).andThenTimeElapses(Duration.ofMinutes(10))
                .andThenAPublished(ingestionStarted(started))
                .whenTimeElapses(Duration.ofMinutes(61))
                .expectDispatchedCommands(new FlagBackfillStalledCommand(DECISION, "acme", BackfillStage.DATA_INGESTED, started,
                        started.plus(Duration.ofHours(1))));
    }
}
