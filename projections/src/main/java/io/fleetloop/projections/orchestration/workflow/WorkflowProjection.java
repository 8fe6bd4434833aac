package io.fleetloop.projections.orchestration.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.WorkflowCreatedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowDisabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowEnabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRevisedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRevision;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRequestedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** Workflows, their immutable revisions and the runs they accepted (what the run half then carries on). */
@Component
@ProcessingGroup("workflows")
class WorkflowProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    WorkflowProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(WorkflowCreatedEvent event) throws JsonProcessingException {
        WorkflowRevision revision = event.revision();
        jdbc.sql("""
                insert into workflow_view (workflow_id, tenant_id, name, state, current_revision, time_zone, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (workflow_id) do nothing""")
                .params(event.workflowId().value(), event.tenantId(), revision.name(), event.state().name(), revision.number(),
                        revision.timeZone(), Timestamp.from(event.createdAt()), Timestamp.from(event.createdAt()))
                .update();
        revision(event.workflowId().value(), event.tenantId(), revision);
    }

    @EventHandler
    void on(WorkflowRevisedEvent event) throws JsonProcessingException {
        WorkflowRevision revision = event.revision();
        jdbc.sql("update workflow_view set name = ?, current_revision = ?, time_zone = ?, updated_at = ? where workflow_id = ? and current_revision < ?")
                .params(revision.name(), revision.number(), revision.timeZone(), Timestamp.from(revision.savedAt()), event.workflowId().value(),
                        revision.number())
                .update();
        revision(event.workflowId().value(), event.tenantId(), revision);
    }

    @EventHandler
    void on(WorkflowEnabledEvent event) {
        state(event.workflowId().value(), "ENABLED", event.enabledAt());
    }

    @EventHandler
    void on(WorkflowDisabledEvent event) {
        state(event.workflowId().value(), "DISABLED", event.disabledAt());
    }

    @EventHandler
    void on(WorkflowRunRequestedEvent event) throws JsonProcessingException {
        int inserted = jdbc.sql("""
                insert into workflow_requested_run_view (workflow_id, run_id, tenant_id, revision, run_trigger, inputs, requested_at)
                values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?) on conflict (workflow_id, run_id) do nothing""")
                .params(event.workflowId().value(), event.runId().value(), event.tenantId(), event.revision(), json.writeValueAsString(event.trigger()),
                        json.writeValueAsString(event.inputs()), Timestamp.from(event.requestedAt()))
                .update();
        if (inserted > 0) {
            jdbc.sql("update workflow_view set runs_requested = runs_requested + 1 where workflow_id = ?").param(event.workflowId().value()).update();
        }
    }

    private void revision(String workflowId, String tenantId, WorkflowRevision revision) throws JsonProcessingException {
        jdbc.sql("""
                insert into workflow_revision_view (workflow_id, revision, tenant_id, body) values (?, ?, ?, cast(? as jsonb))
                on conflict (workflow_id, revision) do nothing""")
                .params(workflowId, revision.number(), tenantId, json.writeValueAsString(revision)).update();
    }

    private void state(String workflowId, String state, Instant at) {
        jdbc.sql("update workflow_view set state = ?, updated_at = ? where workflow_id = ?").params(state, Timestamp.from(at), workflowId).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from workflow_requested_run_view").update();
        jdbc.sql("delete from workflow_revision_view").update();
        jdbc.sql("delete from workflow_view").update();
    }
}
