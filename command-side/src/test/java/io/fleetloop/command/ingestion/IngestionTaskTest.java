package io.fleetloop.command.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.CompleteIngestionCommand;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.CreateIngestionTaskCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.FailIngestionCommand;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.ingestion.IngestedObject;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskCreatedEvent;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import io.fleetloop.api.ingestion.ObjectSkippedEvent;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.api.ingestion.RecordObjectIngestedCommand;
import io.fleetloop.api.ingestion.RecordObjectSkippedCommand;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class IngestionTaskTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    private static final String TENANT = "acme";
    private static final IngestionTaskId TASK = new IngestionTaskId("task-1");
    private static final DataSourceId SOURCE = new DataSourceId("source-1");
    private static final ConnectorConfig CONFIG = new ConnectorConfig("http://s3.local", "raw", "drives/", null, "keys");
    private static final IngestionRule RULE = new IngestionRule("**", "landing", Modality.LIDAR);
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String GONE = "vanished between listing and reading: NoSuchKey (The specified key does not exist.)";
    private static final Map<String, String> VEHICLE = Map.of("vin", "WVWZZZ1JZXW000001", "latitude", "48.137154",
            "longitude", "11.576124", "plate", "M-FL 1001");

    private AggregateTestFixture<IngestionTask> fixture;
    private final SourceRegistry sources = mock(SourceRegistry.class);
    private final ContentIndex contents = mock(ContentIndex.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IngestionTask.class);
        fixture.registerInjectableResource(sources);
        fixture.registerInjectableResource(contents);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        when(sources.find(SOURCE)).thenReturn(Optional.of(new RegisteredSource(TENANT, "raw", ProtocolType.S3, CONFIG)));
        when(contents.find(any(), any())).thenReturn(Optional.empty());
    }

    private IngestionTaskCreatedEvent created() {
        return new IngestionTaskCreatedEvent(TASK, TENANT, SOURCE, ProtocolType.S3, CONFIG, RULE, NOW);
    }

    private DataIngestionStartedEvent started(int attempt) {
        return new DataIngestionStartedEvent(TASK, TENANT, SOURCE, ProtocolType.S3, CONFIG, RULE, attempt, NOW);
    }

    private ObjectIngestedEvent ingested(String key, String sha, boolean duplicate) {
        return ingested(key, sha, duplicate, Map.of());
    }

    private ObjectIngestedEvent ingested(String key, String sha, boolean duplicate, Map<String, String> attributes) {
        return new ObjectIngestedEvent(TASK, TENANT, SOURCE, key, AssetId.contentAddressed(TENANT, sha),
                "s3://fleetloop/tenants/acme/landing/" + key, 10, sha, Modality.LIDAR, duplicate, NOW, attributes);
    }

    /** The object of a key the task had skipped, ingested by a later attempt that found it again. */
    private ObjectIngestedEvent ingestedAfterItsSkip(String key, String sha) {
        return new ObjectIngestedEvent(TASK, TENANT, SOURCE, key, AssetId.contentAddressed(TENANT, sha),
                "s3://fleetloop/tenants/acme/landing/" + key, 10, sha, Modality.LIDAR, false, NOW, Map.of(), true);
    }

    private static DataIngestionFailedEvent failed() {
        return new DataIngestionFailedEvent(TASK, TENANT, SOURCE, "NoSuchBucket", NOW);
    }

    private static ObjectSkippedEvent skipped(String key) {
        return new ObjectSkippedEvent(TASK, TENANT, SOURCE, key, GONE, NOW);
    }

    private static RecordObjectIngestedCommand record(String key, String storagePath, String sha) {
        return record(key, storagePath, sha, Map.of());
    }

    private static RecordObjectIngestedCommand record(String key, String storagePath, String sha, Map<String, String> attributes) {
        return new RecordObjectIngestedCommand(TASK, TENANT, key, storagePath, 10, sha, attributes);
    }

    @Test
    void creatingATaskSnapshotsTheSourceConnectorAndNormalisesTheRule() {
        fixture.givenNoPriorActivity()
                .when(new CreateIngestionTaskCommand(TASK, TENANT, SOURCE, new IngestionRule(null, " landing/ ", Modality.LIDAR)))
                .expectEvents(created());
    }

    @Test
    void aTaskForAnotherTenantsSourceIsRefusedAsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new CreateIngestionTaskCommand(TASK, "intruder", SOURCE, RULE))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("data source source-1 was not found")
                .expectNoEvents();
    }

    @Test
    void aTargetPathThatEscapesIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateIngestionTaskCommand(TASK, TENANT, SOURCE, new IngestionRule("**", "a/../../b", Modality.LIDAR)))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void startingACreatedTaskStartsItsFirstAttempt() {
        fixture.given(created()).when(new StartIngestionCommand(TASK, TENANT)).expectEvents(started(1));
    }

    @Test
    void aRunningTaskCannotBeStartedAgain() {
        fixture.given(created(), started(1))
                .when(new StartIngestionCommand(TASK, TENANT))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotStartTheTask() {
        fixture.given(created())
                .when(new StartIngestionCommand(TASK, "intruder"))
                .expectExceptionMessage("ingestion task task-1 was not found")
                .expectNoEvents();
    }

    @Test
    void aFailedTaskCanBeStartedAgainAsANewAttempt() {
        fixture.given(created(), started(1), new DataIngestionFailedEvent(TASK, TENANT, SOURCE, "down", NOW))
                .when(new StartIngestionCommand(TASK, TENANT))
                .expectEvents(started(2));
    }

    @Test
    void aNewContentBecomesANewContentAddressedAsset() {
        fixture.given(created(), started(1))
                .when(record("k1", "s3://fleetloop/tenants/acme/landing/k1", SHA_A))
                .expectEvents(ingested("k1", SHA_A, false))
                .expectResultMessagePayload(new IngestedObject(AssetId.contentAddressed(TENANT, SHA_A),
                        "s3://fleetloop/tenants/acme/landing/k1", false, Map.of()));
    }

    @Test
    void theObjectsAttributesAreRecordedWithIt() {
        fixture.given(created(), started(1))
                .when(record("k1", "s3://fleetloop/tenants/acme/landing/k1", SHA_A, VEHICLE))
                .expectEvents(ingested("k1", SHA_A, false, VEHICLE))
                .expectResultMessagePayload(new IngestedObject(AssetId.contentAddressed(TENANT, SHA_A),
                        "s3://fleetloop/tenants/acme/landing/k1", false, VEHICLE));
    }

    @Test
    void reportingTheSameSourceObjectAgainAnswersWithTheAttributesFirstRecorded() {
        fixture.given(created(), started(1), ingested("k1", SHA_A, false, VEHICLE))
                .when(record("k1", "s3://fleetloop/tenants/acme/landing/k1", SHA_A, Map.of("vin", "OTHER")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new IngestedObject(AssetId.contentAddressed(TENANT, SHA_A),
                        "s3://fleetloop/tenants/acme/landing/k1", false, VEHICLE));
    }

    @Test
    void contentTheTenantAlreadyHasPointsAtTheExistingAsset() {
        AssetId existing = new AssetId("existing");
        when(contents.find(eq(TENANT), eq(SHA_A))).thenReturn(Optional.of(new ContentIndex.IndexedContent(existing, "s3://fleetloop/old")));
        fixture.given(created(), started(1))
                .when(record("k2", "s3://fleetloop/tenants/acme/landing/k2", SHA_A))
                .expectEvents(new ObjectIngestedEvent(TASK, TENANT, SOURCE, "k2", existing, "s3://fleetloop/old", 10, SHA_A,
                        Modality.LIDAR, true, NOW, Map.of()))
                .expectResultMessagePayload(new IngestedObject(existing, "s3://fleetloop/old", true, Map.of()));
    }

    @Test
    void reportingTheSameSourceObjectAgainIsANoOp() {
        fixture.given(created(), started(1), ingested("k1", SHA_A, false))
                .when(record("k1", "s3://fleetloop/tenants/acme/landing/k1", SHA_A))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void objectsCannotBeRecordedOnATaskThatIsNotRunning() {
        fixture.given(created())
                .when(record("k1", "s3://x/k1", SHA_A))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void aVanishedObjectIsRecordedAsSkippedWithItsReason() {
        fixture.given(created(), started(1))
                .when(new RecordObjectSkippedCommand(TASK, TENANT, "k1", GONE))
                .expectEvents(skipped("k1"));
    }

    @Test
    void skippingTheSameSourceObjectAgainIsANoOp() {
        fixture.given(created(), started(1), skipped("k1"))
                .when(new RecordObjectSkippedCommand(TASK, TENANT, "k1", GONE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anObjectAlreadyIngestedIsNotSkippedWhenALaterRunFindsItGone() {
        fixture.given(created(), started(1), ingested("k1", SHA_A, false))
                .when(new RecordObjectSkippedCommand(TASK, TENANT, "k1", GONE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aSkippedObjectThatALaterAttemptFindsAgainIsIngestedAsSkippedBefore() {
        fixture.given(created(), started(1), skipped("k1"), failed(), started(2))
                .when(record("k1", "s3://fleetloop/tenants/acme/landing/k1", SHA_A))
                .expectEvents(ingestedAfterItsSkip("k1", SHA_A));
    }

    @Test
    void anObjectIngestedAfterItsSkipIsNotSkippedAgainWhenItVanishesOnceMore() {
        fixture.given(created(), started(1), skipped("k1"), failed(), started(2), ingestedAfterItsSkip("k1", SHA_A))
                .when(new RecordObjectSkippedCommand(TASK, TENANT, "k1", GONE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void objectsCannotBeSkippedOnATaskThatIsNotRunning() {
        fixture.given(created())
                .when(new RecordObjectSkippedCommand(TASK, TENANT, "k1", GONE))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("ingestion task task-1 is CREATED, not RUNNING")
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotSkipObjectsOfTheTask() {
        fixture.given(created(), started(1))
                .when(new RecordObjectSkippedCommand(TASK, "intruder", "k1", GONE))
                .expectExceptionMessage("ingestion task task-1 was not found")
                .expectNoEvents();
    }

    @Test
    void completingCountsTheSkippedObjectsApartFromTheLandedOnes() {
        ObjectIngestedEvent a = ingested("k1", SHA_A, false);
        fixture.given(created(), started(1), a, skipped("k2"))
                .when(new CompleteIngestionCommand(TASK, TENANT))
                .expectEvents(new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(a.assetId()),
                        List.of(a.storagePath()), Modality.LIDAR,
                        List.of(new IngestedAsset(a.assetId(), a.storagePath(), 10, SHA_A, NOW, Map.of())),
                        1, 0, 10, NOW, null, 1));
    }

    @Test
    void completingNoLongerCountsAKeySkippedInOneAttemptAndIngestedInALaterOne() {
        ObjectIngestedEvent a = ingested("k1", SHA_A, false);
        ObjectIngestedEvent b = ingestedAfterItsSkip("k2", SHA_B);
        fixture.given(created(), started(1), a, skipped("k2"), skipped("k3"), failed(), started(2), b)
                .when(new CompleteIngestionCommand(TASK, TENANT))
                .expectEvents(new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(a.assetId(), b.assetId()),
                        List.of(a.storagePath(), b.storagePath()), Modality.LIDAR,
                        List.of(new IngestedAsset(a.assetId(), a.storagePath(), 10, SHA_A, NOW, Map.of()),
                                new IngestedAsset(b.assetId(), b.storagePath(), 10, SHA_B, NOW, Map.of())),
                        2, 0, 20, NOW, null, 1));
    }

    @Test
    void completingListsEachDistinctAssetOnceWithItsDetails() {
        ObjectIngestedEvent a = ingested("k1", SHA_A, false);
        ObjectIngestedEvent b = ingested("k2", SHA_B, false);
        ObjectIngestedEvent aAgain = new ObjectIngestedEvent(TASK, TENANT, SOURCE, "k3", a.assetId(), a.storagePath(), 10,
                SHA_A, Modality.LIDAR, true, NOW, Map.of());
        fixture.given(created(), started(1), a, b, aAgain)
                .when(new CompleteIngestionCommand(TASK, TENANT))
                .expectEvents(new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(a.assetId(), b.assetId()),
                        List.of(a.storagePath(), b.storagePath()), Modality.LIDAR,
                        List.of(new IngestedAsset(a.assetId(), a.storagePath(), 10, SHA_A, NOW, Map.of()),
                                new IngestedAsset(b.assetId(), b.storagePath(), 10, SHA_B, NOW, Map.of())),
                        3, 1, 30, NOW));
    }

    @Test
    void completingCarriesEachAssetsAttributesFromTheFirstObjectWithItsContent() {
        ObjectIngestedEvent a = ingested("k1", SHA_A, false, VEHICLE);
        ObjectIngestedEvent aAgain = new ObjectIngestedEvent(TASK, TENANT, SOURCE, "k2", a.assetId(), a.storagePath(), 10,
                SHA_A, Modality.LIDAR, true, NOW, Map.of("vin", "OTHER"));
        fixture.given(created(), started(1), a, aAgain)
                .when(new CompleteIngestionCommand(TASK, TENANT))
                .expectEvents(new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(a.assetId()),
                        List.of(a.storagePath()), Modality.LIDAR,
                        List.of(new IngestedAsset(a.assetId(), a.storagePath(), 10, SHA_A, NOW, VEHICLE)),
                        2, 1, 20, NOW));
    }

    @Test
    void completingTwiceIsANoOp() {
        fixture.given(created(), started(1),
                        new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(), List.of(), Modality.LIDAR, List.of(), 0, 0, 0, NOW))
                .when(new CompleteIngestionCommand(TASK, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void failingRecordsTheReason() {
        fixture.given(created(), started(1))
                .when(new FailIngestionCommand(TASK, TENANT, "bucket gone"))
                .expectEvents(new DataIngestionFailedEvent(TASK, TENANT, SOURCE, "bucket gone", NOW));
    }

    @Test
    void aCompletedTaskCannotFail() {
        fixture.given(created(), started(1),
                        new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(), List.of(), Modality.LIDAR, List.of(), 0, 0, 0, NOW))
                .when(new FailIngestionCommand(TASK, TENANT, "late"))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("ingestion task task-1 is COMPLETED, not RUNNING")
                .expectNoEvents();
    }
}
