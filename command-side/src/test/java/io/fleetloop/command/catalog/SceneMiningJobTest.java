package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.CancelSceneMiningCommand;
import io.fleetloop.api.catalog.CompleteSceneMiningCommand;
import io.fleetloop.api.catalog.LongTailTagsComputedEvent;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RecordLongTailTagsCommand;
import io.fleetloop.api.catalog.RecordSceneTagsDerivedCommand;
import io.fleetloop.api.catalog.RequestSceneMiningCommand;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningCancelledEvent;
import io.fleetloop.api.catalog.SceneMiningCompletedEvent;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.api.catalog.SceneMiningRequestedEvent;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneTagsDerivedEvent;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

class SceneMiningJobTest {

    private static final SceneMiningJobId JOB = new SceneMiningJobId("job-1");
    private static final AssetId ASSET = new AssetId("a-1");
    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
    private static final SceneMiningAsset INPUT = new SceneMiningAsset(ASSET, "s3://b/a.csv", Modality.GNSS, AT, Map.of("weather", "rain"), Map.of());
    private static final MinedAsset DERIVED = new MinedAsset(ASSET, List.of("night", "rain"), List.of("night", "rain", "night+rain"), List.of());
    private static final MinedAsset RARE = new MinedAsset(ASSET, List.of("night", "rain"), List.of("night", "rain", "night+rain"), List.of("night+rain"));

    private AggregateTestFixture<SceneMiningJob> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SceneMiningJob.class);
    }

    private SceneMiningRequestedEvent requested() {
        return new SceneMiningRequestedEvent(JOB, "acme", List.of(INPUT), Map.of(), SceneMiningRules.defaults(), AT);
    }

    @Test
    void anEmptyAssetSetIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RequestSceneMiningCommand(JOB, "acme", List.of(), Map.of(), SceneMiningRules.defaults(), AT))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void derivedThenLongTailThenCompletedPublishesTheUnionOfTheTags() {
        fixture.given(requested(), new SceneTagsDerivedEvent(JOB, "acme", List.of(DERIVED), 0.1),
                        new LongTailTagsComputedEvent(JOB, "acme", 0, List.of(RARE), 10, Map.of("night+rain", 1L)))
                .when(new CompleteSceneMiningCommand(JOB, "acme"))
                .expectEvents(new SceneMiningCompletedEvent(JOB, "acme", List.of(ASSET), List.of("night", "rain"), List.of("night+rain"),
                        List.of(RARE), 0));
    }

    @Test
    void derivingTwiceIsANoOp() {
        fixture.given(requested(), new SceneTagsDerivedEvent(JOB, "acme", List.of(DERIVED), 0.1))
                .when(new RecordSceneTagsDerivedCommand(JOB, "acme", List.of(DERIVED)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void anotherTenantsCommandIsAnsweredAsNotFound() {
        fixture.given(requested())
                .when(new CancelSceneMiningCommand(JOB, "other"))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void resultsForOtherAssetsAreRefused() {
        fixture.given(requested())
                .when(new RecordSceneTagsDerivedCommand(JOB, "acme", List.of(new MinedAsset(new AssetId("x"), List.of(), List.of(), List.of()))))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void aCancelledJobIgnoresItsLateResults() {
        fixture.given(requested(), new SceneMiningCancelledEvent(JOB, "acme"))
                .when(new RecordLongTailTagsCommand(JOB, "acme", List.of(RARE), 10, Map.of()))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
