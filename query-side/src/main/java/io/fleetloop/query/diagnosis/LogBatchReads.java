package io.fleetloop.query.diagnosis;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of the log-batch read models, always filtered by the caller's tenant. */
@Component
class LogBatchReads {

    record FileRow(String fileId, String fileName, String kind, long sizeBytes, String sha256, String status, Long lines,
                   Long unknownLines, Long errorLines, String reason) {
    }

    record BatchRow(String batchId, String vehicleId, String vehiclePlatform, String firmwareVersion, String testDrive, String status,
                    String reason, int fileCount, int parsedCount, int failedCount, Instant createdAt, Instant updatedAt) {
    }

    /** The stored report of a batch: its tenant (checked on every read, also from the cache), the report and diagnosis JSON. */
    record ReportRow(String batchId, String tenantId, String status, String report, String diagnosis) {
    }

    private final JdbcClient jdbc;

    LogBatchReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String BATCH_COLUMNS = """
            batch_id, vehicle_id, vehicle_platform, firmware_version, test_drive, status, reason, file_count, parsed_count,
            failed_count, created_at, updated_at""";

    Optional<BatchRow> batch(String tenantId, String batchId) {
        return jdbc.sql("select " + BATCH_COLUMNS + " from log_batch where tenant_id = ? and batch_id = ?").params(tenantId, batchId)
                .query(LogBatchReads::batchRow).optional();
    }

    List<BatchRow> batches(String tenantId, String status, int limit, int offset) {
        return jdbc.sql("select " + BATCH_COLUMNS + " from log_batch where tenant_id = ? and (cast(? as varchar) is null or status = ?)"
                        + " order by created_at desc, batch_id limit ? offset ?")
                .params(tenantId, status, status, limit, offset).query(LogBatchReads::batchRow).list();
    }

    long count(String tenantId, String status) {
        return jdbc.sql("select count(*) from log_batch where tenant_id = ? and (cast(? as varchar) is null or status = ?)")
                .params(tenantId, status, status).query(Long.class).single();
    }

    List<FileRow> files(String tenantId, String batchId) {
        return jdbc.sql("""
                        select file_id, file_name, kind, size_bytes, sha256, status, lines, unknown_lines, error_lines, reason
                        from log_batch_file where tenant_id = ? and batch_id = ? order by file_id""")
                .params(tenantId, batchId)
                .query((rs, i) -> new FileRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), (Long) rs.getObject(7), (Long) rs.getObject(8), (Long) rs.getObject(9), rs.getString(10)))
                .list();
    }

    /** One database read of a batch's report (whatever tenant; the caller checks it). */
    Optional<ReportRow> report(String batchId) {
        return jdbc.sql("""
                        select r.batch_id, r.tenant_id, b.status, r.report, r.diagnosis
                        from log_batch_report r join log_batch b on b.batch_id = r.batch_id where r.batch_id = ?""")
                .param(batchId)
                .query((rs, i) -> new ReportRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    List<ReportRow> reports(String tenantId, int limit, int offset) {
        return jdbc.sql("""
                        select r.batch_id, r.tenant_id, b.status, r.report, r.diagnosis
                        from log_batch_report r join log_batch b on b.batch_id = r.batch_id
                        where r.tenant_id = ? order by r.updated_at desc, r.batch_id limit ? offset ?""")
                .params(tenantId, limit, offset)
                .query((rs, i) -> new ReportRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    private static BatchRow batchRow(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new BatchRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant());
    }
}
