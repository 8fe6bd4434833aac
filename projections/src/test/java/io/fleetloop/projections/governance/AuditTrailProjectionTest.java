package io.fleetloop.projections.governance;

import io.fleetloop.api.governance.AuditOutcome;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.OrchestrationTaskCreatedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import io.fleetloop.projections.support.ReadModelDatabase;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailProjectionTest {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final AuditTrail trail = new AuditTrail(jdbc, ReadModelDatabase.template());
    private final AuditTrailProjection projection = new AuditTrailProjection(trail, jdbc);
    private final String tenant = "audit-" + UUID.randomUUID().toString().substring(0, 8);

    private GenericDomainEventMessage<OrchestrationTaskCreatedEvent> event(String operator) {
        String id = UUID.randomUUID().toString();
        return new GenericDomainEventMessage<>("OrchestrationTask", id, 0,
                new OrchestrationTaskCreatedEvent(new OrchestrationTaskId(id), tenant, OrchestrationTaskType.ANNOTATION, new DataFlowId("f"),
                        "ing-1", "ann-1", List.of(), AT), MetaData.from(Map.of("operator", operator)));
    }

    private List<String> records(String column) {
        return jdbc.sql("select " + column + " from audit_record where tenant_id = ? order by outcome, action").param(tenant).query(String.class).list();
    }

    @Test
    void anEventIsRecordedWithItsOperatorActionAndAggregate() {
        var event = event("data-flow:f");

        projection.on(event);

        assertThat(jdbc.sql("select operator || ' ' || action || ' ' || resource_type || ' ' || resource_id || ' ' || outcome from audit_record where record_id = ?")
                .param(event.getIdentifier()).query(String.class).single())
                .isEqualTo("data-flow:f OrchestrationTaskCreated OrchestrationTask " + event.getAggregateIdentifier() + " RECORDED");
    }

    @Test
    void aRedeliveredEventIsRecordedOnce() {
        var event = event("alice");

        projection.on(event);
        projection.on(event);

        assertThat(records("record_id")).containsExactly(event.getIdentifier());
    }

    @Test
    void resetClearsTheEventRecordsAndKeepsTheCommandRecordsThatNoReplayCouldRebuild() {
        projection.on(event("alice"));
        trail.record(new AuditTrail.Entry(UUID.randomUUID().toString(), tenant, "alice", "CreateDataFlow", "DataFlow", "f", AT,
                AuditOutcome.ACCEPTED, null));

        projection.reset();

        assertThat(records("outcome")).containsExactly("ACCEPTED");
    }

    @Test
    void valuesLongerThanTheirColumnAreCutNotRefused() {
        String longId = "x".repeat(100) + "\uD83D\uDE97".repeat(100);
        trail.record(new AuditTrail.Entry(UUID.randomUUID().toString(), tenant, "o".repeat(300), "StartRelease", "ReleaseTask", longId, AT,
                AuditOutcome.REJECTED, "d".repeat(5000)));
        trail.recordAll(List.of(new AuditTrail.Entry(UUID.randomUUID().toString(), tenant, "bob", "StartRelease", "ReleaseTask", longId, AT,
                AuditOutcome.ACCEPTED, null)));

        List<String> ids = records("resource_id");
        assertThat(ids).hasSize(2).allSatisfy(id -> {
            assertThat(id.codePointCount(0, id.length())).isEqualTo(128);
            assertThat(id).startsWith("x".repeat(100) + "\uD83D\uDE97").endsWith("\uD83D\uDE97…");
        });
        assertThat(records("operator")).anySatisfy(operator -> assertThat(operator).hasSize(256).endsWith("…"));
        assertThat(records("detail")).anySatisfy(detail -> assertThat(detail).hasSize(4000));
    }
}
