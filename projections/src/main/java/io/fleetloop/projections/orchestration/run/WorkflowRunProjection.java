package io.fleetloop.projections.orchestration.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.ArtifactRef;
import io.fleetloop.api.orchestration.workflow.ExecutionStatus;
import io.fleetloop.api.orchestration.workflow.NodeExecutionFailedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionQueuedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionRetryingEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionSkippedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionStartedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionSucceededEvent;
import io.fleetloop.api.orchestration.workflow.RunContextPatchedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.api.orchestration.workflow.WorkflowRunCancelledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunFailedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRefusedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRerunStartedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunStartedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunSucceededEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Workflow runs, their nodes (status, attempts, timings, error), each attempt's log tail, the run's events in order (the
 * progress stream), artifacts and the context's patches with snapshots. Upserts and event-id keys: a replay writes the
 * same rows. Statuses are {@link ExecutionStatus} names.
 */
@Component
@ProcessingGroup("workflow-runs")
class WorkflowRunProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    WorkflowRunProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(WorkflowRunStartedEvent event, EventMessage<?> message) {
        String runId = event.runId().value();
        jdbc.sql("""
                insert into workflow_run_view (run_id, tenant_id, workflow_id, revision, status, trigger, requested_at, started_at)
                values (?, ?, ?, ?, 'RUNNING', ?, ?, ?) on conflict (run_id) do nothing""")
                .params(runId, event.tenantId(), event.workflowId().value(), event.revision(),
                        event.trigger() == null ? null : event.trigger().kind().name(), ts(event.startedAt()), ts(event.startedAt()))
                .update();
        List<WorkflowNode> nodes = event.dag().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            WorkflowNode node = nodes.get(i);
            jdbc.sql("""
                    insert into workflow_run_node_view (run_id, node_id, ord, tenant_id, operator_id, operator_kind, status)
                    values (?, ?, ?, ?, ?, ?, 'PENDING') on conflict (run_id, node_id) do nothing""")
                    .params(runId, node.nodeId(), i, event.tenantId(), node.operator().operatorId(), node.operator().kind().name()).update();
        }
        event(message, runId, event.tenantId(), "WorkflowRunStarted", null, null, ExecutionStatus.RUNNING, null, event.startedAt());
    }

    @EventHandler
    void on(NodeExecutionQueuedEvent event, EventMessage<?> message) {
        jdbc.sql("""
                update workflow_run_node_view set status = 'QUEUED', attempts = ?, queued_at = ?, started_at = null, finished_at = null,
                       retry_at = ? where run_id = ? and node_id = ?""")
                .params(event.attempt(), ts(event.queuedAt()), event.notBefore().isAfter(event.queuedAt()) ? ts(event.notBefore()) : null,
                        event.runId().value(), event.nodeId()).update();
        event(message, event.runId().value(), event.tenantId(), "NodeExecutionQueued", event.nodeId(), event.attempt(), ExecutionStatus.QUEUED,
                null, event.queuedAt());
    }

    @EventHandler
    void on(NodeExecutionStartedEvent event, EventMessage<?> message) {
        jdbc.sql("update workflow_run_node_view set status = 'RUNNING', started_at = ?, retry_at = null where run_id = ? and node_id = ?")
                .params(ts(event.startedAt()), event.runId().value(), event.nodeId()).update();
        event(message, event.runId().value(), event.tenantId(), "NodeExecutionStarted", event.nodeId(), event.attempt(), ExecutionStatus.RUNNING,
                null, event.startedAt());
    }

    @EventHandler
    void on(NodeExecutionSucceededEvent event, EventMessage<?> message) {
        String runId = event.runId().value();
        jdbc.sql("update workflow_run_node_view set status = 'SUCCEEDED', finished_at = ?, error = null where run_id = ? and node_id = ?")
                .params(ts(event.finishedAt()), runId, event.nodeId()).update();
        log(runId, event.nodeId(), event.attempt(), event.tenantId(), ExecutionStatus.SUCCEEDED, null, event.log());
        for (ArtifactRef artifact : event.artifacts()) {
            jdbc.sql("""
                    insert into workflow_run_artifact (run_id, node_id, attempt, name, tenant_id, object_key, size_bytes, sha256, content_type,
                                                       created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (run_id, node_id, attempt, name) do nothing""")
                    .params(runId, event.nodeId(), event.attempt(), artifact.name(), event.tenantId(), artifact.key(), artifact.size(),
                            artifact.sha256(), artifact.contentType(), ts(event.finishedAt())).update();
        }
        event(message, runId, event.tenantId(), "NodeExecutionSucceeded", event.nodeId(), event.attempt(), ExecutionStatus.SUCCEEDED,
                null, event.finishedAt());
    }

    @EventHandler
    void on(NodeExecutionRetryingEvent event, EventMessage<?> message) {
        jdbc.sql("update workflow_run_node_view set status = 'RETRYING', finished_at = ?, error = ?, retry_at = ? where run_id = ? and node_id = ?")
                .params(ts(event.at()), event.error(), ts(event.retryAt()), event.runId().value(), event.nodeId()).update();
        log(event.runId().value(), event.nodeId(), event.attempt(), event.tenantId(), ExecutionStatus.FAILED, event.error(), event.log());
        event(message, event.runId().value(), event.tenantId(), "NodeExecutionRetrying", event.nodeId(), event.attempt(),
                ExecutionStatus.RETRYING, event.error(), event.at());
    }

    @EventHandler
    void on(NodeExecutionFailedEvent event, EventMessage<?> message) {
        jdbc.sql("update workflow_run_node_view set status = 'FAILED', finished_at = ?, error = ? where run_id = ? and node_id = ?")
                .params(ts(event.finishedAt()), event.error(), event.runId().value(), event.nodeId()).update();
        log(event.runId().value(), event.nodeId(), event.attempt(), event.tenantId(), ExecutionStatus.FAILED, event.error(), event.log());
        event(message, event.runId().value(), event.tenantId(), "NodeExecutionFailed", event.nodeId(), event.attempt(), ExecutionStatus.FAILED,
                event.error(), event.finishedAt());
    }

    @EventHandler
    void on(NodeExecutionSkippedEvent event, EventMessage<?> message) {
        jdbc.sql("update workflow_run_node_view set status = 'SKIPPED', finished_at = ? where run_id = ? and node_id = ?")
                .params(ts(event.at()), event.runId().value(), event.nodeId()).update();
        event(message, event.runId().value(), event.tenantId(), "NodeExecutionSkipped", event.nodeId(), null, ExecutionStatus.SKIPPED,
                event.reason(), event.at());
    }

    @EventHandler
    void on(RunContextPatchedEvent event, EventMessage<?> message) {
        jdbc.sql("""
                insert into workflow_run_context_patch (run_id, version, tenant_id, node_id, attempt, patch, snapshot, at)
                values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?) on conflict (run_id, version) do nothing""")
                .params(event.runId().value(), event.version(), event.tenantId(), event.nodeId(), event.attempt(), write(event.patch()),
                        write(event.snapshot()), ts(event.at())).update();
        event(message, event.runId().value(), event.tenantId(), "RunContextPatched", event.nodeId(), event.attempt(), null,
                "context version " + event.version(), event.at());
    }

    /** A run refused at dispatch (a schedule slot over the quota) shows in the run list as REFUSED, with why. */
    @EventHandler
    void on(WorkflowRunRefusedEvent event, EventMessage<?> message) {
        String runId = event.runId().value();
        String error = "refused at dispatch (" + event.reason() + "): " + event.resource() + " used " + event.used() + " of " + event.limit();
        jdbc.sql("""
                insert into workflow_run_view (run_id, tenant_id, workflow_id, revision, status, trigger, requested_at, started_at, finished_at, error)
                values (?, ?, ?, ?, 'REFUSED', ?, ?, ?, ?, ?) on conflict (run_id) do nothing""")
                .params(runId, event.tenantId(), event.workflowId().value(), event.revision(),
                        event.trigger() == null ? null : event.trigger().kind().name(), ts(event.refusedAt()), ts(event.refusedAt()),
                        ts(event.refusedAt()), error)
                .update();
        event(message, runId, event.tenantId(), "WorkflowRunRefused", null, null, ExecutionStatus.REFUSED, error, event.refusedAt());
    }

    @EventHandler
    void on(WorkflowRunSucceededEvent event, EventMessage<?> message) {
        run(event.runId().value(), ExecutionStatus.SUCCEEDED, null, null, event.at());
        event(message, event.runId().value(), event.tenantId(), "WorkflowRunSucceeded", null, null, ExecutionStatus.SUCCEEDED, null, event.at());
    }

    @EventHandler
    void on(WorkflowRunFailedEvent event, EventMessage<?> message) {
        run(event.runId().value(), ExecutionStatus.FAILED, event.failedNode(), event.error(), event.at());
        event(message, event.runId().value(), event.tenantId(), "WorkflowRunFailed", event.failedNode(), null, ExecutionStatus.FAILED,
                event.error(), event.at());
    }

    @EventHandler
    void on(WorkflowRunCancelledEvent event, EventMessage<?> message) {
        String runId = event.runId().value();
        for (String node : event.cancelledNodes()) {
            jdbc.sql("update workflow_run_node_view set status = 'CANCELLED', finished_at = ? where run_id = ? and node_id = ?")
                    .params(ts(event.at()), runId, node).update();
        }
        for (String node : event.skippedNodes()) {
            jdbc.sql("update workflow_run_node_view set status = 'SKIPPED', finished_at = ? where run_id = ? and node_id = ?")
                    .params(ts(event.at()), runId, node).update();
        }
        run(runId, ExecutionStatus.CANCELLED, null, "cancelled by " + event.actor(), event.at());
        event(message, runId, event.tenantId(), "WorkflowRunCancelled", null, null, ExecutionStatus.CANCELLED, "cancelled by " + event.actor(),
                event.at());
    }

    @EventHandler
    void on(WorkflowRunRerunStartedEvent event, EventMessage<?> message) {
        String runId = event.runId().value();
        for (String node : event.resetNodes()) {
            jdbc.sql("""
                    update workflow_run_node_view set status = 'PENDING', finished_at = null, started_at = null, retry_at = null, error = null
                    where run_id = ? and node_id = ?""").params(runId, node).update();
        }
        jdbc.sql("update workflow_run_view set status = 'RUNNING', finished_at = null, failed_node = null, error = null where run_id = ?")
                .param(runId).update();
        event(message, runId, event.tenantId(), "WorkflowRunRerunStarted", event.fromNode(), null, ExecutionStatus.RUNNING,
                "re-run from " + event.fromNode() + " by " + event.actor(), event.at());
    }

    private void run(String runId, ExecutionStatus status, String failedNode, String error, Instant at) {
        jdbc.sql("update workflow_run_view set status = ?, failed_node = ?, error = ?, finished_at = ? where run_id = ?")
                .params(status.name(), failedNode, error, ts(at), runId).update();
    }

    private void log(String runId, String nodeId, int attempt, String tenantId, ExecutionStatus status, String error, String log) {
        jdbc.sql("""
                insert into workflow_run_node_log (run_id, node_id, attempt, tenant_id, status, error, log) values (?, ?, ?, ?, ?, ?, ?)
                on conflict (run_id, node_id, attempt) do update set status = excluded.status, error = excluded.error, log = excluded.log""")
                .params(runId, nodeId, attempt, tenantId, status.name(), error, log).update();
    }

    private void event(EventMessage<?> message, String runId, String tenantId, String type, String nodeId, Integer attempt,
                       ExecutionStatus status, String text, Instant at) {
        jdbc.sql("""
                insert into workflow_run_event_view (event_id, run_id, tenant_id, type, node_id, attempt, status, message, at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""")
                .params(message.getIdentifier(), runId, tenantId, type, nodeId, attempt, status == null ? null : status.name(), text, ts(at))
                .update();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from workflow_run_event_view").update();
        // the stream's positions (seq, the SSE event ids) are rebuilt the same: the replay numbers the events from 1 again
        jdbc.sql("select setval(pg_get_serial_sequence('workflow_run_event_view', 'seq'), 1, false)").query().singleRow();
        jdbc.sql("delete from workflow_run_context_patch").update();
        jdbc.sql("delete from workflow_run_artifact").update();
        jdbc.sql("delete from workflow_run_node_log").update();
        jdbc.sql("delete from workflow_run_node_view").update();
        jdbc.sql("delete from workflow_run_view").update();
    }
}
