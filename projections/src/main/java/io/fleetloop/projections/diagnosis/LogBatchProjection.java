package io.fleetloop.projections.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.diagnosis.BatchCreatedEvent;
import io.fleetloop.api.diagnosis.DiagnosisCompletedEvent;
import io.fleetloop.api.diagnosis.FileParseFailedEvent;
import io.fleetloop.api.diagnosis.FileParsedEvent;
import io.fleetloop.api.diagnosis.FileUploadedEvent;
import io.fleetloop.api.diagnosis.GatheringCompletedEvent;
import io.fleetloop.api.diagnosis.LogBatchEvent;
import io.fleetloop.api.diagnosis.StatusChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The log batches' read models: the batch (state, counts), its files (upload and parse outcome) and its report (the
 * gathered statistics as JSON, plus the diagnosis). Every write is an idempotent upsert, so a replay is safe; after
 * each commit the batch is announced to {@link LogBatchChanges} (the report cache drops it).
 */
@Component
@ProcessingGroup("log-batches")
class LogBatchProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final List<LogBatchChanges> listeners;

    LogBatchProjection(JdbcClient jdbc, ObjectMapper json, List<LogBatchChanges> listeners) {
        this.jdbc = jdbc;
        this.json = json;
        this.listeners = listeners;
    }

    @EventHandler
    void on(BatchCreatedEvent e) throws Exception {
        jdbc.sql("""
                        insert into log_batch (batch_id, tenant_id, vehicle_id, vehicle_platform, firmware_version, test_drive, status,
                                               created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, 'pending', ?, ?) on conflict (batch_id) do nothing""")
                .params(e.batchId().value(), e.tenantId(), e.vehicleId(), e.vehiclePlatform(), e.firmwareVersion(),
                        json.writeValueAsString(e.testDrive()), ts(e.createdAt()), ts(e.createdAt())).update();
        changed(e);
    }

    @EventHandler
    void on(FileUploadedEvent e, @Timestamp Instant at) {
        jdbc.sql("""
                        insert into log_batch_file (batch_id, file_id, tenant_id, file_name, kind, size_bytes, sha256, status)
                        values (?, ?, ?, ?, ?, ?, ?, 'uploaded') on conflict (batch_id, file_id) do nothing""")
                .params(e.batchId().value(), e.file().fileId(), e.tenantId(), e.file().fileName(), e.file().kind().name(),
                        e.file().sizeBytes(), e.file().sha256()).update();
        recount(e, at);
    }

    @EventHandler
    void on(FileParsedEvent e, @Timestamp Instant at) {
        jdbc.sql("update log_batch_file set status = 'parsed', lines = ?, unknown_lines = ?, error_lines = ?, reason = null where batch_id = ? and file_id = ?")
                .params(e.stats().lines(), e.stats().unknownLines(), e.stats().errorLines(), e.batchId().value(), e.fileId()).update();
        recount(e, at);
    }

    @EventHandler
    void on(FileParseFailedEvent e, @Timestamp Instant at) {
        jdbc.sql("update log_batch_file set status = 'failed', reason = ? where batch_id = ? and file_id = ?")
                .params(e.reason(), e.batchId().value(), e.fileId()).update();
        recount(e, at);
    }

    @EventHandler
    void on(StatusChangedEvent e, @Timestamp Instant at) {
        jdbc.sql("update log_batch set status = ?, reason = coalesce(?, reason), updated_at = ? where batch_id = ?")
                .params(e.to().wire(), e.reason(), ts(at), e.batchId().value()).update();
        changed(e);
    }

    @EventHandler
    void on(GatheringCompletedEvent e, @Timestamp Instant at) throws Exception {
        jdbc.sql("""
                        insert into log_batch_report (batch_id, tenant_id, report, updated_at) values (?, ?, ?, ?)
                        on conflict (batch_id) do update set report = excluded.report, updated_at = excluded.updated_at""")
                .params(e.batchId().value(), e.tenantId(), json.writeValueAsString(e.report()), ts(at)).update();
        changed(e);
    }

    @EventHandler
    void on(DiagnosisCompletedEvent e, @Timestamp Instant at) throws Exception {
        jdbc.sql("update log_batch_report set diagnosis = ?, updated_at = ? where batch_id = ?")
                .params(json.writeValueAsString(e.diagnosis()), ts(at), e.batchId().value()).update();
        changed(e);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from log_batch_report").update();
        jdbc.sql("delete from log_batch_file").update();
        jdbc.sql("delete from log_batch").update();
    }

    private void recount(LogBatchEvent e, Instant at) {
        jdbc.sql("""
                        update log_batch set
                            file_count = (select count(*) from log_batch_file f where f.batch_id = ?),
                            parsed_count = (select count(*) from log_batch_file f where f.batch_id = ? and f.status = 'parsed'),
                            failed_count = (select count(*) from log_batch_file f where f.batch_id = ? and f.status = 'failed'),
                            updated_at = ?
                        where batch_id = ?""")
                .params(e.batchId().value(), e.batchId().value(), e.batchId().value(), ts(at), e.batchId().value()).update();
        changed(e);
    }

    private void changed(LogBatchEvent e) {
        String batchId = e.batchId().value();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    listeners.forEach(l -> l.changed(batchId));
                }
            });
        } else {
            listeners.forEach(l -> l.changed(batchId));
        }
    }

    private static java.sql.Timestamp ts(Instant at) {
        return java.sql.Timestamp.from(at);
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
