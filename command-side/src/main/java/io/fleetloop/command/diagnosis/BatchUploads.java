package io.fleetloop.command.diagnosis;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The command side's own table of streaming uploads ({@code log_batch_upload}): per (batch, file id) the store's
 * multipart upload, the parts committed so far, the bytes they hold and the sha256 state after them.
 */
@Component
class BatchUploads {

    enum Status { OPEN, DONE }

    record Part(int partNumber, String etag, long size) {
    }

    record Session(String batchId, String fileId, String tenantId, String objectKey, String storeUploadId, long partSize,
                   List<Part> parts, long committedBytes, String shaState, Status status) {
    }

    private static final TypeReference<List<Part>> PARTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BatchUploads(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Session> find(String tenantId, String batchId, String fileId) {
        return jdbc.sql("""
                        select batch_id, file_id, tenant_id, object_key, store_upload_id, part_size, parts, committed_bytes, sha_state, status
                        from log_batch_upload where tenant_id = ? and batch_id = ? and file_id = ?""")
                .params(tenantId, batchId, fileId)
                .query((rs, i) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), parts(rs.getString(7)), rs.getLong(8), rs.getString(9), Status.valueOf(rs.getString(10))))
                .optional();
    }

    void save(Session session, Instant now) {
        jdbc.sql("""
                        insert into log_batch_upload (batch_id, file_id, tenant_id, object_key, store_upload_id, part_size, parts,
                                                      committed_bytes, sha_state, status, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (batch_id, file_id) do update set object_key = excluded.object_key,
                            store_upload_id = excluded.store_upload_id, part_size = excluded.part_size, parts = excluded.parts,
                            committed_bytes = excluded.committed_bytes, sha_state = excluded.sha_state, status = excluded.status,
                            updated_at = excluded.updated_at""")
                .params(session.batchId(), session.fileId(), session.tenantId(), session.objectKey(), session.storeUploadId(),
                        session.partSize(), write(session.parts()), session.committedBytes(), session.shaState(), session.status().name(),
                        Timestamp.from(now))
                .update();
    }

    void delete(String batchId, String fileId) {
        jdbc.sql("delete from log_batch_upload where batch_id = ? and file_id = ?").params(batchId, fileId).update();
    }

    private List<Part> parts(String text) {
        try {
            return json.readValue(text, PARTS);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable parts of an upload", e);
        }
    }

    private String write(List<Part> parts) {
        try {
            return json.writeValueAsString(parts);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
