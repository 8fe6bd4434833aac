package io.fleetloop.command.ingestion;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The {@code ingestion_upload} table: one row per announced file of an HTTP-upload task, found only within its tenant and task. */
@Component
class UploadSessions {

    enum Status { OPEN, COMPLETED, REJECTED, ABORTED }

    record Session(String uploadId, String tenantId, String taskId, String objectKey, String storeUploadId, String fileName,
                   long sizeBytes, String sha256, long partSize, Status status, String assetId, String storagePath,
                   Boolean duplicate, String errorMessage) {

        int partCount() {
            return (int) Math.max(1, (sizeBytes + partSize - 1) / partSize);
        }

        long partLength(int partNumber) {
            return partNumber < partCount() ? partSize : sizeBytes - (long) (partCount() - 1) * partSize;
        }
    }

    private final JdbcClient jdbc;

    UploadSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(Session session, Instant now) {
        jdbc.sql("""
                insert into ingestion_upload (upload_id, tenant_id, task_id, object_key, store_upload_id, file_name, size_bytes,
                    sha256, part_size, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(session.uploadId(), session.tenantId(), session.taskId(), session.objectKey(), session.storeUploadId(),
                        session.fileName(), session.sizeBytes(), session.sha256(), session.partSize(), session.status().name(),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    Optional<Session> find(String tenantId, String taskId, String uploadId) {
        return jdbc.sql("""
                select upload_id, tenant_id, task_id, object_key, store_upload_id, file_name, size_bytes, sha256, part_size,
                    status, asset_id, storage_path, duplicate, error_message
                from ingestion_upload where upload_id = ? and tenant_id = ? and task_id = ?""")
                .params(uploadId, tenantId, taskId)
                .query((rs, i) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getLong(7), rs.getString(8), rs.getLong(9), Status.valueOf(rs.getString(10)),
                        rs.getString(11), rs.getString(12), (Boolean) rs.getObject(13), rs.getString(14)))
                .optional();
    }

    void completed(String uploadId, String assetId, String storagePath, boolean duplicate, Instant now) {
        jdbc.sql("update ingestion_upload set status = 'COMPLETED', asset_id = ?, storage_path = ?, duplicate = ?, updated_at = ? where upload_id = ?")
                .params(assetId, storagePath, duplicate, Timestamp.from(now), uploadId).update();
    }

    void ended(String uploadId, Status status, String errorMessage, Instant now) {
        jdbc.sql("update ingestion_upload set status = ?, error_message = ?, updated_at = ? where upload_id = ?")
                .params(status.name(), errorMessage, Timestamp.from(now), uploadId).update();
    }
}
