package io.fleetloop.command.annotation;

import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationCorrectedEvent;
import io.fleetloop.api.annotation.AnnotationRejectedEvent;
import io.fleetloop.api.annotation.AnnotationResultCreatedEvent;
import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.ApproveAnnotationCommand;
import io.fleetloop.api.annotation.CorrectAnnotationCommand;
import io.fleetloop.api.annotation.CreateAnnotationResultCommand;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.RejectAnnotationCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

class AnnotationResultTest {

    private static final AnnotationResultId RESULT = new AnnotationResultId("r1");
    private static final AnnotationTaskId TASK = new AnnotationTaskId("t1");
    private static final AssetId ASSET = new AssetId("a1");
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final Label CAR = new Label("Car", null, new Label.Box3D(10, 2, -0.9, 4.2, 1.8, 1.5, 0.1), 0.8);
    private static final Label FIXED = new Label("Car", null, new Label.Box3D(10.2, 2, -0.9, 4.3, 1.8, 1.5, 0.12), 1.0);

    private AggregateTestFixture<AnnotationResult> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AnnotationResult.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    private AnnotationResultCreatedEvent created(double spotCheckRate) {
        return new AnnotationResultCreatedEvent(RESULT, "acme", TASK, ASSET, AnnotationType.BOX_3D, List.of(CAR), 1, "builtin-lidar",
                spotCheckRate, AT);
    }

    private final AnnotationRejectedEvent rejected = new AnnotationRejectedEvent(RESULT, "acme", TASK, 1, "box too short", AT);
    private final AnnotationCorrectedEvent corrected = new AnnotationCorrectedEvent(RESULT, "acme", TASK, 2, List.of(FIXED), AT);

    @Test
    void aPreLabelIsCreatedOnceEvenWhenTheJobRunsAgain() {
        CreateAnnotationResultCommand create = new CreateAnnotationResultCommand(RESULT, "acme", TASK, ASSET, AnnotationType.BOX_3D,
                List.of(CAR), "builtin-lidar", 0.0);
        fixture.givenNoPriorActivity().when(create).expectEvents(created(0.0));
        fixture.given(created(0.0)).when(create).expectNoEvents();
    }

    @Test
    void labelsAreValidatedForTheTaskType() {
        Label flat = new Label("Car", new Label.Box2D(1, 2, 3, 4), null, 0.9);
        fixture.givenNoPriorActivity().when(new CreateAnnotationResultCommand(RESULT, "acme", TASK, ASSET, AnnotationType.BOX_3D,
                List.of(flat), "x", 0)).expectException(FleetloopException.class).expectExceptionMessage("labels[0].box3d: required for BOX_3D");
        Label negative = new Label("Car", null, new Label.Box3D(0, 0, 0, -1, 1, 1, 0), 0.9);
        fixture.given(created(0)).when(new CorrectAnnotationCommand(RESULT, "acme", List.of(negative)))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void rejectNeedsAReasonAndCorrectionMakesANewRevisionForRecheck() {
        fixture.given(created(0)).when(new RejectAnnotationCommand(RESULT, "acme", " ")).expectException(FleetloopException.class);
        fixture.given(created(0)).when(new RejectAnnotationCommand(RESULT, "acme", " box too short ")).expectEvents(rejected);
        fixture.given(created(0), rejected).when(new CorrectAnnotationCommand(RESULT, "acme", List.of(FIXED))).expectEvents(corrected);
        fixture.given(created(0), rejected).when(new ApproveAnnotationCommand(RESULT, "acme"))
                .expectException(FleetloopException.class).expectExceptionMessage("annotation result r1 was rejected; correct it before approving");
        fixture.given(created(0), rejected, corrected).when(new ApproveAnnotationCommand(RESULT, "acme"))
                .expectEvents(new AnnotationApprovedEvent(RESULT, "acme", TASK, 2, false, AT));
    }

    @Test
    void approvingTwiceIsANoOpAndApprovedLabelsAreFinal() {
        AnnotationApprovedEvent approved = new AnnotationApprovedEvent(RESULT, "acme", TASK, 1, false, AT);
        fixture.given(created(0), approved).when(new ApproveAnnotationCommand(RESULT, "acme")).expectNoEvents();
        fixture.given(created(0), approved).when(new RejectAnnotationCommand(RESULT, "acme", "late")).expectException(FleetloopException.class);
        fixture.given(created(0), approved).when(new CorrectAnnotationCommand(RESULT, "acme", List.of(FIXED)))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void spotChecksFollowTheRate() {
        fixture.given(created(1.0)).when(new ApproveAnnotationCommand(RESULT, "acme"))
                .expectEvents(new AnnotationApprovedEvent(RESULT, "acme", TASK, 1, true, AT));
        fixture.given(created(0.0)).when(new ApproveAnnotationCommand(RESULT, "acme"))
                .expectEvents(new AnnotationApprovedEvent(RESULT, "acme", TASK, 1, false, AT));
    }

    @Test
    void anotherTenantCannotReview() {
        fixture.given(created(0)).when(new ApproveAnnotationCommand(RESULT, "globex"))
                .expectException(FleetloopException.class).expectExceptionMessage("annotation result r1 was not found");
    }
}
