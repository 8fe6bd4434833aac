package io.fleetloop.sagas.ota;

import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.CloseBatchCommand;
import io.fleetloop.api.ota.DeploymentBatchCompletedEvent;
import io.fleetloop.api.ota.DeploymentBatchId;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.PlannedBatch;
import io.fleetloop.api.ota.ReleasePausedEvent;
import io.fleetloop.api.ota.ReleaseResumedEvent;
import io.fleetloop.api.ota.ReleaseStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import io.fleetloop.api.ota.RolloutGateEvidence;
import io.fleetloop.api.ota.RolloutPromotedEvent;
import io.fleetloop.api.ota.StartBatchCommand;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

class GrayRolloutProcessTest {

    private static final ReleaseTaskId TASK = new ReleaseTaskId("rel-1");
    private static final String ID = TASK.value();
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    /** 1.5 hours between batches (fractions allowed), 2 hours for devices to report. */
    private static final GrayPolicy POLICY = new GrayPolicy(List.of(10.0, 90.0), 1.5, null, null, 0.9, 0.2, "PT2H", false);
    private static final List<PlannedBatch> PLAN = List.of(
            new PlannedBatch(new DeploymentBatchId("b0"), 0, 10, List.of("car-0")),
            new PlannedBatch(new DeploymentBatchId("b1"), 1, 90, List.of("car-1", "car-2")));

    /** A fresh fixture per scenario: a saga fixture keeps the sagas and deadlines of earlier scenarios. */
    private static SagaTestFixture<GrayRolloutProcess> fixture() {
        return new SagaTestFixture<>(GrayRolloutProcess.class);
    }

    private ReleaseStartedEvent started() {
        return new ReleaseStartedEvent(TASK, "acme", PLAN, 3, POLICY, AT);
    }

    private DeploymentBatchStartedEvent batchStarted(int index) {
        return new DeploymentBatchStartedEvent(TASK, "acme", PLAN.get(index).batchId(), index, PLAN.get(index).deviceIds(), AT,
                IntStream.rangeClosed(1, PLAN.get(index).deviceIds().size()).boxed().toList());
    }

    private DeploymentBatchCompletedEvent completed(int index, BatchStatus status) {
        return new DeploymentBatchCompletedEvent(TASK, "acme", PLAN.get(index).batchId(), index, status, 1, 0, 0, index == 1, AT);
    }

    @Test
    void aDeployingBatchHasATimeoutAfterWhichSilentDevicesCountAsFailed() {
        fixture().givenAggregate(ID).published(started())
                .whenAggregate(ID).publishes(batchStarted(0))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(Duration.ofHours(2), GrayRolloutProcess.BATCH_TIMEOUT);
        fixture().givenAggregate(ID).published(started(), batchStarted(0))
                .whenTimeElapses(Duration.ofHours(2))
                .expectDispatchedCommands(new CloseBatchCommand(TASK, "acme", 0, true));
    }

    @Test
    void aBatchPromotedEarlyByTheRolloutGateDropsTheIntervalAndGetsItsTimeout() {
        RolloutGateEvidence better = new RolloutGateEvidence("v2", 1, 0, 100.0, 2, 20, 100.0, 0.0, 20.0, 0.2, 1e-6, 0.01, "test");
        fixture().givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED),
                        new RolloutPromotedEvent(TASK, "acme", 0, 1, better, "early promotion", AT))
                .whenAggregate(ID).publishes(batchStarted(1))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(90), GrayRolloutProcess.NEXT_BATCH)
                .expectScheduledDeadlineWithName(Duration.ofHours(2), GrayRolloutProcess.BATCH_TIMEOUT)
                .expectNoDispatchedCommands();
        fixture().givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED),
                        new RolloutPromotedEvent(TASK, "acme", 0, 1, better, "early promotion", AT), batchStarted(1))
                .whenTimeElapses(Duration.ofMinutes(90))
                .expectNoDispatchedCommands();
    }

    @Test
    void theNextBatchStartsWhenTheIntervalHasElapsedAfterACompletedBatch() {
        fixture().givenAggregate(ID).published(started(), batchStarted(0))
                .whenAggregate(ID).publishes(completed(0, BatchStatus.COMPLETED))
                .expectNoScheduledDeadlineWithName(Duration.ofHours(2), GrayRolloutProcess.BATCH_TIMEOUT)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(90), GrayRolloutProcess.NEXT_BATCH)
                .expectNoDispatchedCommands();
        fixture().givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED))
                .whenTimeElapses(Duration.ofMinutes(89))
                .expectNoDispatchedCommands();
        fixture().givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED))
                .whenTimeElapses(Duration.ofMinutes(90))
                .expectDispatchedCommands(new StartBatchCommand(TASK, "acme", 1));
    }

    /** A node whose cached release lags refuses the start once; the second attempt (on the release as stored) starts it. */
    @Test
    void aStartRefusedByAStaleNodeIsSentOnceMoreAndARepeatedRefusalEndsTheDeadline() {
        AtomicInteger attempts = new AtomicInteger();
        SagaTestFixture<GrayRolloutProcess> staleOnce = fixture();
        staleOnce.setCallbackBehavior((payload, metaData) -> {
            if (attempts.incrementAndGet() == 1) throw new IllegalStateException("batch 1 starts only after batch 0 closed");
            return null;
        });
        staleOnce.givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED))
                .whenTimeElapses(Duration.ofMinutes(90))
                .expectDispatchedCommands(new StartBatchCommand(TASK, "acme", 1), new StartBatchCommand(TASK, "acme", 1));
        SagaTestFixture<GrayRolloutProcess> paused = fixture();
        paused.setCallbackBehavior((payload, metaData) -> {
            throw new IllegalStateException("release task rel-1 is PAUSED, not RUNNING");
        });
        paused.givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED))
                .whenTimeElapses(Duration.ofMinutes(90))
                .expectDispatchedCommands(new StartBatchCommand(TASK, "acme", 1), new StartBatchCommand(TASK, "acme", 1))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aFailedBatchSchedulesNothingAndAResumeStartsTheNextBatchAtOnce() {
        fixture().givenAggregate(ID).published(started(), batchStarted(0))
                .whenAggregate(ID).publishes(completed(0, BatchStatus.FAILED))
                .expectNoScheduledDeadlines();
        fixture().givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.FAILED),
                        new ReleasePausedEvent(TASK, "acme", "errors", true, AT))
                .whenAggregate(ID).publishes(new ReleaseResumedEvent(TASK, "acme", AT))
                .expectDispatchedCommands(new StartBatchCommand(TASK, "acme", 1));
    }

    @Test
    void theSagaEndsWithTheClosedLoopOrARollback() {
        fixture().givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED), batchStarted(1))
                .whenAggregate(ID).publishes(new OTAClosedLoopCompletedEvent(TASK, "acme", "v2", 3, 3, AT))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
        fixture().givenAggregate(ID).published(started(), batchStarted(0), completed(0, BatchStatus.COMPLETED))
                .whenAggregate(ID).publishes(new RollbackTriggeredEvent(TASK, "acme", "v1", List.of("car-0"), "bad", false, AT, List.of(1)))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
    }
}
