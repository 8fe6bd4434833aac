package io.fleetloop.command.diagnosis;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.diagnosis.AllFilesParsedEvent;
import io.fleetloop.api.diagnosis.BatchCreatedEvent;
import io.fleetloop.api.diagnosis.BatchFile;
import io.fleetloop.api.diagnosis.BatchReport;
import io.fleetloop.api.diagnosis.BatchStatus;
import io.fleetloop.api.diagnosis.CompleteBatchUploadCommand;
import io.fleetloop.api.diagnosis.Diagnosis;
import io.fleetloop.api.diagnosis.DiagnosisCompletedEvent;
import io.fleetloop.api.diagnosis.DiagnosisFailedEvent;
import io.fleetloop.api.diagnosis.ExpireBatchPhaseCommand;
import io.fleetloop.api.diagnosis.FileOutcome;
import io.fleetloop.api.diagnosis.FileParseFailedEvent;
import io.fleetloop.api.diagnosis.FileParseStats;
import io.fleetloop.api.diagnosis.FileParsedEvent;
import io.fleetloop.api.diagnosis.FileUploadedEvent;
import io.fleetloop.api.diagnosis.GatheringCompletedEvent;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.LogFileKind;
import io.fleetloop.api.diagnosis.RecordBatchDiagnosisCommand;
import io.fleetloop.api.diagnosis.RecordBatchGatheredCommand;
import io.fleetloop.api.diagnosis.RecordFileParseFailedCommand;
import io.fleetloop.api.diagnosis.RecordFileParsedCommand;
import io.fleetloop.api.diagnosis.RegisterBatchFileCommand;
import io.fleetloop.api.diagnosis.ScatterStartedEvent;
import io.fleetloop.api.diagnosis.StatusChangedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The LogBatch's barrier and lifecycle, given/when/expect. */
class LogBatchTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final LogBatchId ID = new LogBatchId("b-1");
    private static final String T = "acme";
    private static final BatchFile A = new BatchFile("a", "a.log", LogFileKind.TEXT_LOG, 10, "1".repeat(64), "s3://fleetloop/a");
    private static final BatchFile B = new BatchFile("b", "b.csv", LogFileKind.SIGNAL_CSV, 20, "2".repeat(64), "s3://fleetloop/b");
    private static final FileParseStats STATS = new FileParseStats(10, 3, 2, 1, 1, "s3://fleetloop/p");
    private static final LogBatchProperties LIMITS = LogBatchProperties.defaults();
    private static final BatchReport REPORT = new BatchReport(2, 2, 0, 6, 1, 1, List.of(), List.of(), 60, List.of(), List.of(), List.of(), List.of());

    private AggregateTestFixture<LogBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(LogBatch.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(LIMITS);
    }

    private static Object[] scattering() {
        return new Object[]{
                new BatchCreatedEvent(ID, T, "car-1", "J7", "2.1.0", Map.of(), NOW),
                new FileUploadedEvent(ID, T, A, NOW), new FileUploadedEvent(ID, T, B, NOW),
                new StatusChangedEvent(ID, T, BatchStatus.PENDING, BatchStatus.UPLOADED, null, NOW),
                new StatusChangedEvent(ID, T, BatchStatus.UPLOADED, BatchStatus.SCATTERING, null, NOW),
                new ScatterStartedEvent(ID, T, List.of(A, B), NOW.plus(LIMITS.scatterTimeout()))};
    }

    private static Object[] diagnosing() {
        List<Object> events = new java.util.ArrayList<>(List.of(scattering()));
        events.add(new FileParsedEvent(ID, T, "a", STATS));
        events.add(new FileParsedEvent(ID, T, "b", STATS));
        events.add(new StatusChangedEvent(ID, T, BatchStatus.SCATTERING, BatchStatus.SCATTERED, null, NOW));
        events.add(new AllFilesParsedEvent(ID, T, List.of(new FileOutcome(A, true, STATS, null), new FileOutcome(B, true, STATS, null))));
        events.add(new StatusChangedEvent(ID, T, BatchStatus.SCATTERED, BatchStatus.GATHERING, null, NOW));
        events.add(new GatheringCompletedEvent(ID, T, REPORT, "J7", "2.1.0", 1, NOW.plus(LIMITS.diagnosisTimeout())));
        events.add(new StatusChangedEvent(ID, T, BatchStatus.GATHERING, BatchStatus.DIAGNOSING, null, NOW));
        return events.toArray();
    }

    @Test
    void completingStartsScatterOverEveryFile() {
        fixture.given(new BatchCreatedEvent(ID, T, "car-1", "J7", "2.1.0", Map.of(), NOW), new FileUploadedEvent(ID, T, A, NOW))
                .when(new CompleteBatchUploadCommand(ID, T))
                .expectEvents(new StatusChangedEvent(ID, T, BatchStatus.PENDING, BatchStatus.UPLOADED, null, NOW),
                        new StatusChangedEvent(ID, T, BatchStatus.UPLOADED, BatchStatus.SCATTERING, null, NOW),
                        new ScatterStartedEvent(ID, T, List.of(A), NOW.plus(LIMITS.scatterTimeout())));
    }

    @Test
    void completingABatchWithoutFilesIsRefused() {
        fixture.given(new BatchCreatedEvent(ID, T, "car-1", "J7", "2.1.0", Map.of(), NOW))
                .when(new CompleteBatchUploadCommand(ID, T)).expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void uploadingToAScatteringBatchIsRefused() {
        fixture.given(scattering()).when(new RegisterBatchFileCommand(ID, T, new BatchFile("c", "c.log", LogFileKind.TEXT_LOG, 1, "3".repeat(64), "s3://x")))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void anotherTenantsCommandIsNotFound() {
        fixture.given(scattering()).when(new RecordFileParsedCommand(ID, "mallory", "a", STATS))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void theFirstReportOfAFileIsRecorded() {
        fixture.given(scattering()).when(new RecordFileParsedCommand(ID, T, "a", STATS))
                .expectEvents(new FileParsedEvent(ID, T, "a", STATS));
    }

    @Test
    void aRepeatedReportOfAFileIsCountedOnce() {
        fixture.given(scattering()).andGiven(new FileParsedEvent(ID, T, "a", STATS))
                .when(new RecordFileParsedCommand(ID, T, "a", STATS))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aFailureReportAfterTheFileWasParsedChangesNothing() {
        fixture.given(scattering()).andGiven(new FileParsedEvent(ID, T, "a", STATS))
                .when(new RecordFileParseFailedCommand(ID, T, "a", "late crash"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void theLastOutstandingFileFiresTheBarrierOnce() {
        fixture.given(scattering()).andGiven(new FileParsedEvent(ID, T, "a", STATS))
                .when(new RecordFileParseFailedCommand(ID, T, "b", "the parser failed: boom"))
                .expectEvents(new FileParseFailedEvent(ID, T, "b", "the parser failed: boom"),
                        new StatusChangedEvent(ID, T, BatchStatus.SCATTERING, BatchStatus.SCATTERED, null, NOW),
                        new AllFilesParsedEvent(ID, T, List.of(new FileOutcome(A, true, STATS, null), new FileOutcome(B, false, null, "the parser failed: boom"))),
                        new StatusChangedEvent(ID, T, BatchStatus.SCATTERED, BatchStatus.GATHERING, null, NOW));
    }

    @Test
    void aReportAfterTheBarrierFiredChangesNothing() {
        fixture.given(diagnosing()).when(new RecordFileParsedCommand(ID, T, "b", STATS))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void theScatterDeadlineFailsTheStragglersAndFiresTheBarrier() {
        String reason = "not parsed before the batch's scatter deadline";
        fixture.given(scattering()).andGiven(new FileParsedEvent(ID, T, "a", STATS))
                .when(new ExpireBatchPhaseCommand(ID, T, BatchStatus.SCATTERING))
                .expectEvents(new FileParseFailedEvent(ID, T, "b", reason),
                        new StatusChangedEvent(ID, T, BatchStatus.SCATTERING, BatchStatus.SCATTERED, null, NOW),
                        new AllFilesParsedEvent(ID, T, List.of(new FileOutcome(A, true, STATS, null), new FileOutcome(B, false, null, reason))),
                        new StatusChangedEvent(ID, T, BatchStatus.SCATTERED, BatchStatus.GATHERING, null, NOW));
    }

    @Test
    void aScatterDeadlineAfterTheBarrierChangesNothing() {
        fixture.given(diagnosing()).when(new ExpireBatchPhaseCommand(ID, T, BatchStatus.SCATTERING))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aRepeatedGatherAnswerChangesNothing() {
        fixture.given(diagnosing()).when(new RecordBatchGatheredCommand(ID, T, REPORT, null))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aDiagnosisCompletesTheBatchOncePerAttempt() {
        Diagnosis diagnosis = new Diagnosis("builtin", List.of(), List.of("check the lidar"), 0.5, List.of(), List.of());
        fixture.given(diagnosing()).when(new RecordBatchDiagnosisCommand(ID, T, 1, diagnosis, null))
                .expectEvents(new DiagnosisCompletedEvent(ID, T, 1, diagnosis),
                        new StatusChangedEvent(ID, T, BatchStatus.DIAGNOSING, BatchStatus.COMPLETED, null, NOW));
    }

    @Test
    void aStaleDiagnosisAttemptChangesNothing() {
        Diagnosis diagnosis = new Diagnosis("builtin", List.of(), List.of(), 0.5, List.of(), List.of());
        fixture.given(diagnosing()).when(new RecordBatchDiagnosisCommand(ID, T, 2, diagnosis, null))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aFailedDiagnosisFailsTheBatchWithTheReason() {
        fixture.given(diagnosing()).when(new RecordBatchDiagnosisCommand(ID, T, 1, null, "model unavailable"))
                .expectEvents(new DiagnosisFailedEvent(ID, T, 1, "model unavailable"),
                        new StatusChangedEvent(ID, T, BatchStatus.DIAGNOSING, BatchStatus.FAILED, "diagnosis failed: model unavailable", NOW));
    }

    @Test
    void theDiagnosisDeadlineCompletesTheBatchWithoutDiagnosis() {
        fixture.given(diagnosing()).when(new ExpireBatchPhaseCommand(ID, T, BatchStatus.DIAGNOSING))
                .expectEvents(new DiagnosisFailedEvent(ID, T, 1, "no diagnosis before the deadline"),
                        new StatusChangedEvent(ID, T, BatchStatus.DIAGNOSING, BatchStatus.COMPLETED,
                                "completed without diagnosis: no diagnosis before the deadline", NOW));
    }
}
