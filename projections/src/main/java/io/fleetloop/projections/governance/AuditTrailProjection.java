package io.fleetloop.projections.governance;

import io.fleetloop.projections.common.BatchedWrites;
import io.fleetloop.api.common.TenantOwned;
import io.fleetloop.api.governance.AuditOutcome;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every event of every context becomes an audit record (outcome RECORDED), with the operator from its metadata. */
@Component
@ProcessingGroup("audit-trail")
class AuditTrailProjection {

    private final AuditTrail trail;
    private final JdbcClient jdbc;

    /** A batch's records go to PostgreSQL as one JDBC batch, before the token moves (same transaction). */
    private final BatchedWrites<AuditTrail.Entry> records;

    AuditTrailProjection(AuditTrail trail, JdbcClient jdbc) {
        this.trail = trail;
        this.jdbc = jdbc;
        this.records = new BatchedWrites<>("audit-trail", trail::recordAll);
    }

    @EventHandler
    void on(EventMessage<?> event) {
        Object payload = event.getPayload();
        String tenantId = payload instanceof TenantOwned owned ? owned.tenantId() : (String) event.getMetaData().get("tenantId");
        String resourceType = null;
        String resourceId = null;
        if (event instanceof DomainEventMessage<?> domain) {
            resourceType = domain.getType();
            resourceId = domain.getAggregateIdentifier();
        }
        Object operator = event.getMetaData().get("operator");
        records.add(new AuditTrail.Entry(event.getIdentifier(), tenantId, operator == null ? "system" : operator.toString(),
                actionOf(event.getPayloadType()), resourceType, resourceId, event.getTimestamp(), AuditOutcome.RECORDED, null));
    }

    static String actionOf(Class<?> payloadType) {
        String name = payloadType.getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    /** Replay rebuilds only the event records; command records are not in the event store and stay. */
    @ResetHandler
    void reset() {
        jdbc.sql("delete from audit_record where outcome = 'RECORDED'").update();
    }
}
