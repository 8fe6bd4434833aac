package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.ApplyMinedSceneTagsCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetSceneTagsUpdatedEvent;
import io.fleetloop.api.catalog.AssignSceneTagsCommand;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

class DataAssetTest {

    private static final AssetId ASSET = AssetId.contentAddressed("acme", "c".repeat(64));
    private static final Instant AT = Instant.parse("2026-11-22T08:00:00Z");
    private static final Map<String, String> ATTRIBUTES = Map.of("vin", "WVWZZZ1JZXW000001", "plate", "B-FL 1001");

    private AggregateTestFixture<DataAsset> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DataAsset.class);
    }

    private RegisterAssetCommand register(String tenant) {
        return register(tenant, Map.of());
    }

    private RegisterAssetCommand register(String tenant, Map<String, String> attributes) {
        return new RegisterAssetCommand(ASSET, tenant, new DataSourceId("s"), new IngestionTaskId("t"), "s3://b/k", 42,
                "c".repeat(64), Modality.CAMERA, AT, attributes);
    }

    private MetadataRegisteredEvent registered() {
        return registered(Map.of());
    }

    private MetadataRegisteredEvent registered(Map<String, String> attributes) {
        return new MetadataRegisteredEvent(ASSET, "acme", new DataSourceId("s"), new IngestionTaskId("t"), "s3://b/k", 42,
                "c".repeat(64), Modality.CAMERA, AT, attributes);
    }

    @Test
    void registeringANewAssetRecordsItsMetadata() {
        fixture.givenNoPriorActivity().when(register("acme")).expectEvents(registered());
    }

    @Test
    void registeringANewAssetRecordsItsAttributes() {
        fixture.givenNoPriorActivity().when(register("acme", ATTRIBUTES)).expectEvents(registered(ATTRIBUTES));
    }

    @Test
    void anAssetWithoutAttributesHasAnEmptyMapNotNull() {
        fixture.givenNoPriorActivity().when(register("acme", null)).expectEvents(registered(Map.of()));
    }

    @Test
    void registeringAgainIsRefusedByTheStoreNotByLoadingTheAsset() {
        // A creation handler: the second registration of the same bytes is the event store's duplicate refusal on
        // append (exercised against PostgreSQL by the platform's tests), not a load of the aggregate.
        fixture.given(registered())
                .when(register("acme", Map.of("vin", "OTHER")))
                .expectException(Exception.class)
                .expectNoEvents();
    }

    @Test
    void anIdThatIsNotTheContentAddressIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAssetCommand(new AssetId("asset-1"), "acme", new DataSourceId("s"), new IngestionTaskId("t"),
                        "s3://b/k", 42, "c".repeat(64), Modality.CAMERA, AT, Map.of()))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotRegisterUnderThisTenantsAssetId() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAssetCommand(ASSET, "intruder", new DataSourceId("s"), new IngestionTaskId("t"),
                        "s3://b/k", 42, "c".repeat(64), Modality.CAMERA, AT, Map.of()))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void tagsAreStoredSorted() {
        fixture.given(registered())
                .when(new AssignSceneTagsCommand(ASSET, "acme", Set.of("rain", "night")))
                .expectEvents(new SceneTagsAssignedEvent(ASSET, "acme", List.of("night", "rain")));
    }

    @Test
    void assigningTheSameTagsAgainIsANoOp() {
        fixture.given(registered(), new SceneTagsAssignedEvent(ASSET, "acme", List.of("night")))
                .when(new AssignSceneTagsCommand(ASSET, "acme", Set.of("night")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotTagTheAsset() {
        fixture.given(registered())
                .when(new AssignSceneTagsCommand(ASSET, "intruder", Set.of("x")))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("asset " + ASSET + " was not found")
                .expectNoEvents();
    }

    @Test
    void malformedTagsAreRefused() {
        fixture.given(registered())
                .when(new AssignSceneTagsCommand(ASSET, "acme", Set.of("-starts-with-dash")))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void applyingTheSameMinedTagsAgainIsANoOpSoARedeliveredApplyStepChangesNothing() {
        MinedAsset mined = new MinedAsset(ASSET, List.of("highway", "night"), List.of("highway", "highway+night", "night"), List.of("highway+night"));
        SceneMiningJobId job = new SceneMiningJobId("job-1");
        fixture.given(registered(),
                        new AssetSceneTagsUpdatedEvent(ASSET, "acme", job, 0, mined.sceneTags(), mined.combinations(), mined.longTailTags()),
                        new SceneTagsAssignedEvent(ASSET, "acme", List.of("highway", "night")))
                .when(new ApplyMinedSceneTagsCommand(ASSET, "acme", job, 0, mined))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
