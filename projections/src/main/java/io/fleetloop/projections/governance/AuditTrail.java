package io.fleetloop.projections.governance;

import io.fleetloop.api.governance.AuditOutcome;
import io.fleetloop.projections.common.ColumnArrays;
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

    /** {@link #recordAll}: the same insert over one text array per column ({@link ColumnArrays}). */
    private static final String INSERT_ALL = """
            insert into audit_record (record_id, tenant_id, operator, action, resource_type, resource_id, occurred_at, outcome, detail)
            select r.record_id, r.tenant_id, r.operator, r.action, r.resource_type, r.resource_id, r.occurred_at::timestamptz,
                   r.outcome, r.detail
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as r(record_id, tenant_id, operator, action, resource_type, resource_id, occurred_at, outcome, detail)
            on conflict (record_id) do nothing""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    AuditTrail(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void record(Entry entry) {
        jdbc.sql(INSERT).params(columns(entry)).update();
    }

    /** Several records in one statement (one text array per column). */
    public void recordAll(List<Entry> entries) {
        if (entries.isEmpty()) return;
        ColumnArrays.insert(template, INSERT_ALL, 9, entries.stream().map(entry -> {
            Object[] columns = columns(entry);
            columns[6] = entry.occurredAt();
            return columns;
        }).toList());
    }

    /**
     * Values longer than their column are cut (ending in "…"), never refused: the record of a command whose target id is
     * absurdly long (only a refused one can be) must still be written, and must not fail an accepted command's commit.
     */
    private static Object[] columns(Entry entry) {
        return new Object[] {entry.recordId(), fit(entry.tenantId(), 64), fit(entry.operator(), 256), fit(entry.action(), 128),
                fit(entry.resourceType(), 64), fit(entry.resourceId(), 128), Timestamp.from(entry.occurredAt()),
                entry.outcome().name(), fit(entry.detail(), MAX_DETAIL)};
    }

    /** At most {@code max} characters as PostgreSQL counts them (code points), a cut marked by "…". */
    static String fit(String value, int max) {
        if (value == null || value.codePointCount(0, value.length()) <= max) return value;
        return value.substring(0, value.offsetByCodePoints(0, max - 1)) + "…";
    }
}
