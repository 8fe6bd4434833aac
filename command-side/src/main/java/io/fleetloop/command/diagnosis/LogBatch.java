package io.fleetloop.command.diagnosis;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.diagnosis.AllFilesParsedEvent;
import io.fleetloop.api.diagnosis.BatchCreatedEvent;
import io.fleetloop.api.diagnosis.BatchFile;
import io.fleetloop.api.diagnosis.BatchStatus;
import io.fleetloop.api.diagnosis.CheckBatchUploadCommand;
import io.fleetloop.api.diagnosis.CompleteBatchUploadCommand;
import io.fleetloop.api.diagnosis.CreateLogBatchCommand;
import io.fleetloop.api.diagnosis.DiagnosisCompletedEvent;
import io.fleetloop.api.diagnosis.DiagnosisFailedEvent;
import io.fleetloop.api.diagnosis.ExpireBatchPhaseCommand;
import io.fleetloop.api.diagnosis.FileOutcome;
import io.fleetloop.api.diagnosis.FileParseFailedEvent;
import io.fleetloop.api.diagnosis.FileParsedEvent;
import io.fleetloop.api.diagnosis.FileUploadedEvent;
import io.fleetloop.api.diagnosis.GatheringCompletedEvent;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.RecordBatchDiagnosisCommand;
import io.fleetloop.api.diagnosis.RecordBatchGatheredCommand;
import io.fleetloop.api.diagnosis.RecordFileParseFailedCommand;
import io.fleetloop.api.diagnosis.RecordFileParsedCommand;
import io.fleetloop.api.diagnosis.RegisterBatchFileCommand;
import io.fleetloop.api.diagnosis.ScatterStartedEvent;
import io.fleetloop.api.diagnosis.StatusChangedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Seed 004's log batch: files are registered while pending; completing the upload starts scatter (one parse job per
 * file); each file's report is recorded once by fileId, and the barrier fires gather exactly once when every file is
 * parsed or definitively failed (a deadline fails the stragglers); the gathered report leads to diagnosis, whose
 * answer (or its timeout) completes the batch. Repeated reports of anything already recorded change nothing.
 */
@Aggregate(cache = "logBatchCache")
class LogBatch {

    static final String RESOURCE = "log batch";

    @AggregateIdentifier
    private LogBatchId batchId;
    private String tenantId;
    private String vehiclePlatform;
    private String firmwareVersion;
    private BatchStatus status;
    private final Map<String, BatchFile> files = new LinkedHashMap<>();
    /** fileId → outcome, once reported: the barrier's set (idempotent by fileId). */
    private final Map<String, FileOutcome> outcomes = new LinkedHashMap<>();
    private int diagnosisAttempt;

    LogBatch() {
    }

    @CommandHandler
    LogBatch(CreateLogBatchCommand command, Clock clock) {
        requireText("vehicleId", command.vehicleId(), 128);
        requireText("vehiclePlatform", command.vehiclePlatform(), 64);
        requireText("firmwareVersion", command.firmwareVersion(), 64);
        if (command.testDrive().size() > 50) throw FleetloopException.invalid("testDrive", "at most 50 entries");
        command.testDrive().forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > 64 || v == null || v.length() > 512) {
                throw FleetloopException.invalid("testDrive", "keys of 1..64 and values of at most 512 characters");
            }
        });
        apply(new BatchCreatedEvent(command.batchId(), command.tenantId(), command.vehicleId().strip(), command.vehiclePlatform().strip(),
                command.firmwareVersion().strip(), command.testDrive(), clock.instant()));
    }

    @CommandHandler
    BatchFile handle(CheckBatchUploadCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        BatchFile existing = files.get(command.fileId());
        if (existing == null && command.forUpload()) requirePending("uploaded to");
        return existing;
    }

    @CommandHandler
    BatchFile handle(RegisterBatchFileCommand command, LogBatchProperties limits, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        BatchFile file = command.file();
        BatchFile existing = files.get(file.fileId());
        if (existing != null) {
            if (existing.sha256().equals(file.sha256()) && existing.sizeBytes() == file.sizeBytes()) return existing;
            throw FleetloopException.conflict("file " + file.fileId() + " is already uploaded with other content; use a new fileId");
        }
        requirePending("uploaded to");
        if (files.size() >= limits.maxFiles()) throw FleetloopException.invalid("fileId", "a batch holds at most " + limits.maxFiles() + " files");
        apply(new FileUploadedEvent(batchId, tenantId, file, clock.instant()));
        return file;
    }

    @CommandHandler
    BatchStatus handle(CompleteBatchUploadCommand command, LogBatchProperties limits, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        if (status != BatchStatus.PENDING) return status; // a repeated complete answers the state it led to
        if (files.isEmpty()) throw FleetloopException.invalid("files", "the batch has no files; upload at least one before complete");
        apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.PENDING, BatchStatus.UPLOADED, null, clock.instant()));
        apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.UPLOADED, BatchStatus.SCATTERING, null, clock.instant()));
        apply(new ScatterStartedEvent(batchId, tenantId, List.copyOf(files.values()), clock.instant().plus(limits.scatterTimeout())));
        return BatchStatus.SCATTERING;
    }

    @CommandHandler
    void handle(RecordFileParsedCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        if (!files.containsKey(command.fileId())) throw FleetloopException.notFound("file", command.fileId());
        if (outcomes.containsKey(command.fileId()) || status != BatchStatus.SCATTERING) return; // already counted
        apply(new FileParsedEvent(batchId, tenantId, command.fileId(), command.stats()));
        fireBarrierWhenDone(clock);
    }

    @CommandHandler
    void handle(RecordFileParseFailedCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        if (!files.containsKey(command.fileId())) throw FleetloopException.notFound("file", command.fileId());
        if (outcomes.containsKey(command.fileId()) || status != BatchStatus.SCATTERING) return;
        apply(new FileParseFailedEvent(batchId, tenantId, command.fileId(), command.reason()));
        fireBarrierWhenDone(clock);
    }

    @CommandHandler
    void handle(ExpireBatchPhaseCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        if (command.phase() != status) return; // the phase ended before its deadline
        if (status == BatchStatus.SCATTERING) {
            for (String fileId : new ArrayList<>(files.keySet())) {
                if (!outcomes.containsKey(fileId)) {
                    apply(new FileParseFailedEvent(batchId, tenantId, fileId, "not parsed before the batch's scatter deadline"));
                }
            }
            fireBarrierWhenDone(clock);
        } else if (status == BatchStatus.DIAGNOSING) {
            apply(new DiagnosisFailedEvent(batchId, tenantId, diagnosisAttempt, "no diagnosis before the deadline"));
            apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.DIAGNOSING, BatchStatus.COMPLETED,
                    "completed without diagnosis: no diagnosis before the deadline", clock.instant()));
        }
    }

    @CommandHandler
    void handle(RecordBatchGatheredCommand command, Clock clock, LogBatchProperties limits) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        if (status != BatchStatus.GATHERING) return; // recorded before
        if (command.report() == null) {
            apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.GATHERING, BatchStatus.FAILED,
                    "gathering failed: " + command.failureReason(), clock.instant()));
            return;
        }
        apply(new GatheringCompletedEvent(batchId, tenantId, command.report(), vehiclePlatform, firmwareVersion, diagnosisAttempt + 1,
                clock.instant().plus(limits.diagnosisTimeout())));
        apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.GATHERING, BatchStatus.DIAGNOSING, null, clock.instant()));
    }

    @CommandHandler
    void handle(RecordBatchDiagnosisCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, batchId);
        if (status != BatchStatus.DIAGNOSING || command.attempt() != diagnosisAttempt) return; // stale or repeated answer
        if (command.diagnosis() != null) {
            apply(new DiagnosisCompletedEvent(batchId, tenantId, command.attempt(), command.diagnosis()));
            apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.DIAGNOSING, BatchStatus.COMPLETED, null, clock.instant()));
        } else {
            String reason = command.failureReason() == null ? "the diagnoser gave no reason" : command.failureReason();
            apply(new DiagnosisFailedEvent(batchId, tenantId, command.attempt(), reason));
            apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.DIAGNOSING, BatchStatus.FAILED, "diagnosis failed: " + reason,
                    clock.instant()));
        }
    }

    /** The barrier: fires once, when the last outstanding file was reported. */
    private void fireBarrierWhenDone(Clock clock) {
        if (status != BatchStatus.SCATTERING || outcomes.size() < files.size()) return;
        apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.SCATTERING, BatchStatus.SCATTERED, null, clock.instant()));
        apply(new AllFilesParsedEvent(batchId, tenantId, files.keySet().stream().map(outcomes::get).toList()));
        apply(new StatusChangedEvent(batchId, tenantId, BatchStatus.SCATTERED, BatchStatus.GATHERING, null, clock.instant()));
    }

    private void requirePending(String action) {
        if (status != BatchStatus.PENDING) {
            throw FleetloopException.conflict("log batch " + batchId + " is " + status.wire() + " and cannot be " + action);
        }
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) throw FleetloopException.invalid(field, "is required");
        if (value.length() > max) throw FleetloopException.invalid(field, "at most " + max + " characters");
    }

    @EventSourcingHandler
    void on(BatchCreatedEvent event) {
        batchId = event.batchId();
        tenantId = event.tenantId();
        vehiclePlatform = event.vehiclePlatform();
        firmwareVersion = event.firmwareVersion();
        status = BatchStatus.PENDING;
    }

    @EventSourcingHandler
    void on(FileUploadedEvent event) {
        files.put(event.file().fileId(), event.file());
    }

    @EventSourcingHandler
    void on(StatusChangedEvent event) {
        status = event.to();
    }

    @EventSourcingHandler
    void on(FileParsedEvent event) {
        outcomes.put(event.fileId(), new FileOutcome(files.get(event.fileId()), true, event.stats(), null));
    }

    @EventSourcingHandler
    void on(FileParseFailedEvent event) {
        outcomes.put(event.fileId(), new FileOutcome(files.get(event.fileId()), false, null, event.reason()));
    }

    @EventSourcingHandler
    void on(GatheringCompletedEvent event) {
        diagnosisAttempt = event.diagnosisAttempt();
    }
}
