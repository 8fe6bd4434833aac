package io.fleetloop.query.governance;

import io.fleetloop.api.governance.AuditOutcome;
import io.fleetloop.api.governance.AuditRecordView;
import io.fleetloop.api.governance.AuditRecordsResponse;
import io.fleetloop.api.governance.FindAuditRecordsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

@Component
class AuditQueryHandlers {

    private final JdbcClient jdbc;

    AuditQueryHandlers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    AuditRecordsResponse handle(FindAuditRecordsQuery query) {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.resourceId() != null) {
            where.append(" and resource_id = ?");
            params.add(query.resourceId());
        }
        if (query.action() != null) {
            where.append(" and action = ?");
            params.add(query.action());
        }
        if (query.from() != null) {
            where.append(" and occurred_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" and occurred_at < ?");
            params.add(Timestamp.from(query.to()));
        }
        long total = jdbc.sql("select count(*) from audit_record" + where).params(params).query(Long.class).single();
        params.add(query.page().size());
        params.add(query.page().offset());
        List<AuditRecordView> items = jdbc.sql("""
                select record_id, operator, action, resource_type, resource_id, tenant_id, occurred_at, outcome, detail
                from audit_record""" + where + " order by occurred_at, record_id limit ? offset ?")
                .params(params)
                .query((rs, row) -> new AuditRecordView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), AuditOutcome.valueOf(rs.getString(8)),
                        rs.getString(9)))
                .list();
        return new AuditRecordsResponse(items, query.page().page(), query.page().size(), total);
    }
}
