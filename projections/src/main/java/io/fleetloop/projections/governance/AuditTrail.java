package io.fleetloop.projections.governance;

import io.fleetloop.api.governance.AuditOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The audit record table. Records are immutable and keyed by the message id, so writing one twice is harmless. */
@Component
public class AuditTrail {

    public record Entry(String recordId, String tenantId, String operator, String action, String resourceType,
                        String resourceId, Instant occurredAt, AuditOutcome outcome, String detail) {
    }

    private static final int MAX_DETAIL = 4000;

    private static final String INSERT = """
            insert into audit_record (record_id, tenant_id, operator, action, resource_type, resource_id, occurred_at, outcome, detail)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (record_id) do nothing""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    AuditTrail(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void record(Entry entry) {
        jdbc.sql(INSERT).params(columns(entry)).update();
    }

    /** Several records in one JDBC batch (one multi-row insert with reWriteBatchedInserts). */
    public void recordAll(List<Entry> entries) {
        if (entries.isEmpty()) return;
        template.batchUpdate(INSERT, entries.stream().map(AuditTrail::columns).toList());
    }

    private static Object[] columns(Entry entry) {
        String detail = entry.detail() == null || entry.detail().length() <= MAX_DETAIL
                ? entry.detail() : entry.detail().substring(0, MAX_DETAIL);
        return new Object[] {entry.recordId(), entry.tenantId(), entry.operator(), entry.action(), entry.resourceType(),
                entry.resourceId(), Timestamp.from(entry.occurredAt()), entry.outcome().name(), detail};
    }
}
