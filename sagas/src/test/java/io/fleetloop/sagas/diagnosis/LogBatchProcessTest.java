package io.fleetloop.sagas.diagnosis;

import io.fleetloop.api.diagnosis.AllFilesParsedEvent;
import io.fleetloop.api.diagnosis.BatchFile;
import io.fleetloop.api.diagnosis.BatchReport;
import io.fleetloop.api.diagnosis.BatchStatus;
import io.fleetloop.api.diagnosis.DiagnoseLogBatchJob;
import io.fleetloop.api.diagnosis.ExpireBatchPhaseCommand;
import io.fleetloop.api.diagnosis.FileOutcome;
import io.fleetloop.api.diagnosis.GatherLogBatchJob;
import io.fleetloop.api.diagnosis.GatheringCompletedEvent;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.LogFileKind;
import io.fleetloop.api.diagnosis.ParseLogFileJob;
import io.fleetloop.api.diagnosis.ScatterStartedEvent;
import io.fleetloop.api.diagnosis.StatusChangedEvent;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class LogBatchProcessTest {

    private static final LogBatchId BATCH = new LogBatchId("b-1");
    private static final String ID = BATCH.value();
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final BatchFile A = new BatchFile("a", "a.log", LogFileKind.TEXT_LOG, 10, "1".repeat(64), "s3://fleetloop/a");
    private static final BatchFile B = new BatchFile("b", "b.csv", LogFileKind.SIGNAL_CSV, 20, "2".repeat(64), "s3://fleetloop/b");
    private static final BatchReport REPORT = new BatchReport(2, 2, 0, 6, 1, 1, List.of(), List.of(), 60, List.of(), List.of(), List.of(), List.of());

    private final JobQueue jobs = mock(JobQueue.class);

    private SagaTestFixture<LogBatchProcess> fixture() {
        SagaTestFixture<LogBatchProcess> fixture = new SagaTestFixture<>(LogBatchProcess.class);
        fixture.registerResource(jobs);
        return fixture;
    }

    private static ScatterStartedEvent scatter() {
        return new ScatterStartedEvent(BATCH, "acme", List.of(A, B), NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void scatterQueuesOneParseJobPerFileAndADeadline() throws Exception {
        fixture().givenCurrentTime(NOW).whenAggregate(ID).publishes(scatter())
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(30), LogBatchProcess.SCATTER_DEADLINE);
        verify(jobs).start(eq(ParseLogFileJob.NAME), eq("b-1/a"), eq(new ParseLogFileJob("acme", BATCH, A)));
        verify(jobs).start(eq(ParseLogFileJob.NAME), eq("b-1/b"), eq(new ParseLogFileJob("acme", BATCH, B)));
    }

    @Test
    void theScatterDeadlineAsksTheBatchToFailItsStragglers() {
        fixture().givenCurrentTime(NOW).andThenAggregate(ID).published(scatter())
                .whenTimeElapses(Duration.ofMinutes(30))
                .expectDispatchedCommands(new ExpireBatchPhaseCommand(BATCH, "acme", BatchStatus.SCATTERING));
    }

    @Test
    void theBarrierQueuesGatherOnceAndCancelsTheScatterDeadline() throws Exception {
        List<FileOutcome> outcomes = List.of(new FileOutcome(A, false, null, "boom"), new FileOutcome(B, false, null, "boom"));
        fixture().givenCurrentTime(NOW).andThenAggregate(ID).published(scatter())
                .whenAggregate(ID).publishes(new AllFilesParsedEvent(BATCH, "acme", outcomes))
                .expectNoScheduledDeadlines();
        verify(jobs).start(eq(GatherLogBatchJob.NAME), eq("b-1"), eq(new GatherLogBatchJob("acme", BATCH, outcomes)));
    }

    @Test
    void gatheringQueuesTheDiagnosisJobWithADeadline() throws Exception {
        fixture().givenCurrentTime(NOW).andThenAggregate(ID).published(scatter())
                .whenAggregate(ID).publishes(new GatheringCompletedEvent(BATCH, "acme", REPORT, "J7", "2.1.0", 1, NOW.plus(Duration.ofMinutes(10))))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), LogBatchProcess.DIAGNOSIS_DEADLINE);
        verify(jobs).start(eq(DiagnoseLogBatchJob.NAME), eq("b-1#1"),
                eq(new DiagnoseLogBatchJob("acme", BATCH, "J7", "2.1.0", List.of(), List.of(), 1)));
    }

    @Test
    void theProcessEndsWithTheBatch() {
        fixture().givenCurrentTime(NOW).andThenAggregate(ID).published(scatter())
                .whenAggregate(ID).publishes(new StatusChangedEvent(BATCH, "acme", BatchStatus.DIAGNOSING, BatchStatus.COMPLETED, null, NOW))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
    }
}
