package io.fleetloop.command.annotation;

import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCreatedEvent;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.CompleteAnnotationTaskCommand;
import io.fleetloop.api.annotation.CompletePreLabelingCommand;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.FailPreLabelingCommand;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.PreLabelingCompletedEvent;
import io.fleetloop.api.annotation.PreLabelingFailedEvent;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class AnnotationTaskTest {

    private static final AnnotationTaskId TASK = new AnnotationTaskId("task-1");
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final AssetId A1 = new AssetId("a1");
    private static final AssetId A2 = new AssetId("a2");
    private static final PreLabelConfig LIDAR = new PreLabelConfig(PreLabelConfig.Labeler.BUILTIN_LIDAR, null, 0.3);
    private static final QcPolicy QC = new QcPolicy(0.2);

    private AggregateTestFixture<AnnotationTask> fixture;
    private final AssetDirectory assets = mock(AssetDirectory.class);

    @BeforeEach
    void setUp() {
        when(assets.belongsTo(eq("acme"), any())).thenReturn(true);
        fixture = new AggregateTestFixture<>(AnnotationTask.class);
        fixture.registerInjectableResource(assets);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    private CreateAnnotationTaskCommand create(String tenant, List<AssetId> ids, AnnotationType type, PreLabelConfig config) {
        return new CreateAnnotationTaskCommand(TASK, tenant, "night lidar", ids, type, config, QC, "user:ann");
    }

    private AnnotationTaskCreatedEvent created() {
        return new AnnotationTaskCreatedEvent(TASK, "acme", "night lidar", List.of(A1, A2), AnnotationType.BOX_3D, LIDAR, QC, "user:ann", AT);
    }

    private PreLabelingStartedEvent started(int attempt) {
        return new PreLabelingStartedEvent(TASK, "acme", attempt, List.of(A1, A2), AnnotationType.BOX_3D, LIDAR, QC, AT);
    }

    @Test
    void aTaskIsCreatedOverDistinctAssetsOfTheTenant() {
        fixture.givenNoPriorActivity().when(create("acme", List.of(A1, A2, A1), AnnotationType.BOX_3D, LIDAR)).expectEvents(created());
    }

    @Test
    void assetsOfAnotherTenantAreNotFound() {
        fixture.givenNoPriorActivity().when(create("globex", List.of(A1), AnnotationType.BOX_3D, LIDAR))
                .expectException(FleetloopException.class).expectExceptionMessage("asset a1 was not found").expectNoEvents();
    }

    @Test
    void theBuiltInLidarLabelerOnlyLabels3dBoxesAndHttpNeedsAnUrl() {
        fixture.givenNoPriorActivity().when(create("acme", List.of(A1), AnnotationType.BOX_2D, LIDAR))
                .expectException(FleetloopException.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(create("acme", List.of(A1), AnnotationType.BOX_2D,
                        new PreLabelConfig(PreLabelConfig.Labeler.HTTP, "ftp://model", 0.5)))
                .expectException(FleetloopException.class).expectExceptionMessage("preLabelConfig.endpoint: an http(s) URL of the model endpoint");
        fixture.givenNoPriorActivity().when(create("acme", List.of(), AnnotationType.BOX_3D, LIDAR))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void preLabelingRunsOnceAtATimeAndCompletesOnlyForItsAttempt() {
        List<AnnotationResultId> results = List.of(new AnnotationResultId("r1"), new AnnotationResultId("r2"));
        fixture.given(created()).when(new RunPreLabelingCommand(TASK, "acme")).expectEvents(started(1));
        fixture.given(created(), started(1)).when(new RunPreLabelingCommand(TASK, "acme"))
                .expectException(FleetloopException.class).expectNoEvents();
        fixture.given(created(), started(1)).when(new CompletePreLabelingCommand(TASK, "acme", 2, results)).expectNoEvents();
        fixture.given(created(), started(1)).when(new CompletePreLabelingCommand(TASK, "acme", 1, results))
                .expectEvents(new PreLabelingCompletedEvent(TASK, "acme", results, AT));
    }

    @Test
    void runningPreLabelingAnswersHowManyAssetsItLabels() {
        fixture.given(created()).when(new RunPreLabelingCommand(TASK, "acme")).expectResultMessagePayload(2);
    }

    @Test
    void aFailedPreLabelingCanRunAgain() {
        PreLabelingFailedEvent failed = new PreLabelingFailedEvent(TASK, "acme", 1, "model down", AT);
        fixture.given(created(), started(1)).when(new FailPreLabelingCommand(TASK, "acme", 1, "model down")).expectEvents(failed);
        fixture.given(created(), started(1), failed).when(new RunPreLabelingCommand(TASK, "acme")).expectEvents(started(2));
    }

    @Test
    void aTaskCompletesOnceInReviewAndOnlyOnce() {
        PreLabelingCompletedEvent done = new PreLabelingCompletedEvent(TASK, "acme", List.of(new AnnotationResultId("r1")), AT);
        fixture.given(created()).when(new CompleteAnnotationTaskCommand(TASK, "acme")).expectException(FleetloopException.class);
        fixture.given(created(), started(1), done).when(new CompleteAnnotationTaskCommand(TASK, "acme"))
                .expectEvents(new AnnotationTaskCompletedEvent(TASK, "acme", AT));
        fixture.given(created(), started(1), done, new AnnotationTaskCompletedEvent(TASK, "acme", AT))
                .when(new CompleteAnnotationTaskCommand(TASK, "acme")).expectNoEvents();
    }

    @Test
    void anotherTenantCannotTouchTheTask() {
        fixture.given(created()).when(new RunPreLabelingCommand(TASK, "globex"))
                .expectException(FleetloopException.class).expectExceptionMessage("annotation task task-1 was not found");
    }
}
