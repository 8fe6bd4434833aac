package io.fleetloop.projections.governance;

import io.fleetloop.api.governance.AuditOutcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** The audit record table. Records are immutable and keyed by the message id, so writing one twice is harmless. */
@Component
public class AuditTrail {

    public record Entry(String recordId, String tenantId, String operator, String action, String resourceType,
                        String resourceId, Instant occurredAt, AuditOutcome outcome, String detail) {
    }

    private static final int MAX_DETAIL = 4000;

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Entry entry) {
        String detail = entry.detail() == null || entry.detail().length() <= MAX_DETAIL
                ? entry.detail() : entry.detail().substring(0, MAX_DETAIL);
        jdbc.sql("""
                insert into audit_record (record_id, tenant_id, operator, action, resource_type, resource_id, occurred_at, outcome, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (record_id) do nothing""")
                .params(entry.recordId(), entry.tenantId(), entry.operator(), entry.action(), entry.resourceType(),
                        entry.resourceId(), Timestamp.from(entry.occurredAt()), entry.outcome().name(), detail)
                .update();
    }
}
