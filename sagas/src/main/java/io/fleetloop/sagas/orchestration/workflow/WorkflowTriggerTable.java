package io.fleetloop.sagas.orchestration.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.WorkflowCreatedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowDisabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowEnabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRevisedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRevision;
import io.fleetloop.api.orchestration.workflow.WorkflowState;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * {@code workflow_trigger}: each workflow's current triggers and whether it is enabled, kept by a subscribing processor
 * in the transaction of the workflow command, so the dispatchers never act on a workflow disabled a moment ago; each
 * change re-plans the workflow's schedule task at once ({@link WorkflowSchedules}).
 */
@Component
@ProcessingGroup(WorkflowTriggerTable.PROCESSING_GROUP)
class WorkflowTriggerTable {

    static final String PROCESSING_GROUP = "workflow-trigger-lookup";
    private static final TypeReference<List<WorkflowTrigger>> TRIGGERS = new TypeReference<>() {
    };

    record Row(String workflowId, String tenantId, boolean enabled, Instant enabledSince, ZoneId zone, List<WorkflowTrigger> triggers,
               Instant lastFiredFor) {
        Optional<WorkflowTrigger> schedule() {
            return triggers.stream().filter(t -> t.kind() == WorkflowTrigger.Kind.SCHEDULE).findFirst();
        }
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final WorkflowSchedules schedules;

    WorkflowTriggerTable(JdbcClient jdbc, ObjectMapper json, WorkflowSchedules schedules) {
        this.jdbc = jdbc;
        this.json = json;
        this.schedules = schedules;
    }

    @EventHandler
    void on(WorkflowCreatedEvent event) throws JsonProcessingException {
        boolean enabled = event.state() == WorkflowState.ENABLED;
        jdbc.sql("""
                insert into workflow_trigger (workflow_id, tenant_id, enabled, enabled_since, time_zone, triggers, last_fired_for)
                values (?, ?, ?, ?, ?, cast(? as jsonb), ?) on conflict (workflow_id) do nothing""")
                .params(event.workflowId().value(), event.tenantId(), enabled, enabled ? Timestamp.from(event.createdAt()) : null,
                        event.revision().timeZone(), json.writeValueAsString(event.revision().triggers()), Timestamp.from(event.createdAt()))
                .update();
        schedules.plan(event.workflowId().value(), find(event.workflowId().value()).orElse(null));
    }

    @EventHandler
    void on(WorkflowRevisedEvent event) throws JsonProcessingException {
        revision(event.workflowId().value(), event.revision());
        schedules.plan(event.workflowId().value(), find(event.workflowId().value()).orElse(null));
    }

    @EventHandler
    void on(WorkflowEnabledEvent event) throws JsonProcessingException {
        if (event.revision() != null) revision(event.workflowId().value(), event.revision());
        // slots passed while disabled are not missed runs: the schedule starts again from now
        jdbc.sql("update workflow_trigger set enabled = true, enabled_since = ?, last_fired_for = ? where workflow_id = ?")
                .params(Timestamp.from(event.enabledAt()), Timestamp.from(event.enabledAt()), event.workflowId().value()).update();
        schedules.plan(event.workflowId().value(), find(event.workflowId().value()).orElse(null));
    }

    @EventHandler
    void on(WorkflowDisabledEvent event) {
        jdbc.sql("update workflow_trigger set enabled = false, enabled_since = null where workflow_id = ?").param(event.workflowId().value()).update();
        schedules.plan(event.workflowId().value(), find(event.workflowId().value()).orElse(null));
    }

    private void revision(String workflowId, WorkflowRevision revision) throws JsonProcessingException {
        jdbc.sql("update workflow_trigger set time_zone = ?, triggers = cast(? as jsonb) where workflow_id = ?")
                .params(revision.timeZone(), json.writeValueAsString(revision.triggers()), workflowId).update();
    }

    Optional<Row> find(String workflowId) {
        return jdbc.sql("select workflow_id, tenant_id, enabled, enabled_since, time_zone, triggers, last_fired_for from workflow_trigger where workflow_id = ?")
                .param(workflowId).query((rs, i) -> row(rs)).optional();
    }

    /** The tenant's enabled workflows (event dispatch filters their triggers). */
    List<Row> enabled(String tenantId) {
        return jdbc.sql("select workflow_id, tenant_id, enabled, enabled_since, time_zone, triggers, last_fired_for from workflow_trigger"
                        + " where tenant_id = ? and enabled order by workflow_id")
                .param(tenantId).query((rs, i) -> row(rs)).list();
    }

    void markFired(String workflowId, Instant slot) {
        jdbc.sql("update workflow_trigger set last_fired_for = ? where workflow_id = ? and (last_fired_for is null or last_fired_for < ?)")
                .params(Timestamp.from(slot), workflowId, Timestamp.from(slot)).update();
    }

    private Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        try {
            return new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                    ZoneId.of(rs.getString(5)), json.readValue(rs.getString(6), TRIGGERS),
                    rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
