package io.fleetloop.sagas.annotation;

import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationResultCreatedEvent;
import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.CompleteAnnotationTaskCommand;
import io.fleetloop.api.annotation.PreLabelingCompletedEvent;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import io.fleetloop.api.catalog.AssetId;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class AnnotationQcProcessTest {

    private static final AnnotationTaskId TASK = new AnnotationTaskId("task-1");
    private static final String ID = TASK.value();
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final AnnotationResultId R1 = new AnnotationResultId("r1");
    private static final AnnotationResultId R2 = new AnnotationResultId("r2");

    /** A fresh fixture per scenario: a saga fixture keeps the sagas of earlier scenarios. */
    private static SagaTestFixture<AnnotationQcProcess> fixture() {
        return new SagaTestFixture<>(AnnotationQcProcess.class);
    }

    private static PreLabelingStartedEvent started() {
        return new PreLabelingStartedEvent(TASK, "acme", 1, List.of(new AssetId("a1"), new AssetId("a2")), AnnotationType.BOX_3D, null, null, AT);
    }

    private static AnnotationResultCreatedEvent resultCreated(AnnotationResultId result) {
        return new AnnotationResultCreatedEvent(result, "acme", TASK, new AssetId("a-" + result.value()), AnnotationType.BOX_3D, List.of(), 1,
                "builtin-lidar", 0.0, AT);
    }

    private static PreLabelingCompletedEvent preLabeled(AnnotationResultId... results) {
        return new PreLabelingCompletedEvent(TASK, "acme", List.of(results), AT);
    }

    private static AnnotationApprovedEvent approved(AnnotationResultId result) {
        return new AnnotationApprovedEvent(result, "acme", TASK, 1, false, AT);
    }

    @Test
    void startingPreLabelingStartsTheProcessForThatTask() {
        fixture().givenNoPriorActivity()
                .whenPublishingA(started())
                .expectActiveSagas(1)
                .expectAssociationWith("taskId", ID)
                .expectNoDispatchedCommands();
    }

    @Test
    void theTaskCompletesWhenTheLastResultIsApproved() {
        fixture().givenAggregate(ID).published(started(), resultCreated(R1), resultCreated(R2), preLabeled(R1, R2), approved(R1))
                .whenAggregate(ID).publishes(approved(R2))
                .expectDispatchedCommands(new CompleteAnnotationTaskCommand(TASK, "acme"));
    }

    @Test
    void theTaskDoesNotCompleteWhileAResultAwaitsReview() {
        fixture().givenAggregate(ID).published(started(), resultCreated(R1), resultCreated(R2), preLabeled(R1, R2))
                .whenAggregate(ID).publishes(approved(R1))
                .expectNoDispatchedCommands();
    }

    @Test
    void approvalsBeforePreLabelingHasFinishedDoNotCompleteTheTask() {
        fixture().givenAggregate(ID).published(started(), resultCreated(R1))
                .whenAggregate(ID).publishes(approved(R1))
                .expectNoDispatchedCommands();
    }

    @Test
    void theTaskCompletesWhenPreLabelingFinishesAfterEveryResultWasApproved() {
        fixture().givenAggregate(ID).published(started(), resultCreated(R1), approved(R1))
                .whenAggregate(ID).publishes(preLabeled(R1))
                .expectDispatchedCommands(new CompleteAnnotationTaskCommand(TASK, "acme"));
    }

    @Test
    void preLabelingThatProducedNoResultsDoesNotCompleteTheTask() {
        fixture().givenAggregate(ID).published(started())
                .whenAggregate(ID).publishes(preLabeled())
                .expectNoDispatchedCommands();
    }

    @Test
    void theCompletedTaskEndsTheProcess() {
        fixture().givenAggregate(ID).published(started(), resultCreated(R1), preLabeled(R1), approved(R1))
                .whenAggregate(ID).publishes(new AnnotationTaskCompletedEvent(TASK, "acme", AT))
                .expectActiveSagas(0);
    }
}
