package io.fleetloop.query.orchestration.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.ArtifactView;
import io.fleetloop.api.orchestration.workflow.ExecutionStatus;
import io.fleetloop.api.orchestration.workflow.FetchNodeLogsQuery;
import io.fleetloop.api.orchestration.workflow.FetchRunContextQuery;
import io.fleetloop.api.orchestration.workflow.FetchWorkflowRunArtifactsQuery;
import io.fleetloop.api.orchestration.workflow.FetchWorkflowRunEventsQuery;
import io.fleetloop.api.orchestration.workflow.FindWorkflowRunQuery;
import io.fleetloop.api.orchestration.workflow.ListWorkflowRunsQuery;
import io.fleetloop.api.orchestration.workflow.NodeExecutionView;
import io.fleetloop.api.orchestration.workflow.NodeLogsResponse;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.RunContextView;
import io.fleetloop.api.orchestration.workflow.WorkflowRunArtifactsResponse;
import io.fleetloop.api.orchestration.workflow.WorkflowRunEventView;
import io.fleetloop.api.orchestration.workflow.WorkflowRunEventsResponse;
import io.fleetloop.api.orchestration.workflow.WorkflowRunView;
import io.fleetloop.api.orchestration.workflow.WorkflowRunsResponse;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs, nodes, logs, events, artifacts and context from the workflow-runs read models; always within the caller's tenant. */
@Component
class WorkflowRunQueryHandlers {

    static final int MAX_LIST = 500;
    static final int EVENT_PAGE = 500;

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    WorkflowRunQueryHandlers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<WorkflowRunView> find(FindWorkflowRunQuery query) {
        return jdbc.sql("select * from workflow_run_view where tenant_id = ? and run_id = ?").params(query.tenantId(), query.runId())
                .query((rs, i) -> run(rs, nodes(query.runId()))).optional();
    }

    @QueryHandler
    WorkflowRunsResponse list(ListWorkflowRunsQuery query) {
        int limit = query.limit() <= 0 ? 100 : Math.min(query.limit(), MAX_LIST);
        return new WorkflowRunsResponse(jdbc.sql("""
                        select * from workflow_run_view where tenant_id = ? and (cast(? as varchar) is null or workflow_id = ?)
                        and (cast(? as varchar) is null or status = ?) order by started_at desc, run_id limit ?""")
                .params(query.tenantId(), query.workflowId(), query.workflowId(), name(query.status()), name(query.status()), limit)
                .query((rs, i) -> run(rs, List.of())).list());
    }

    @QueryHandler
    Optional<WorkflowRunEventsResponse> events(FetchWorkflowRunEventsQuery query) {
        Optional<ExecutionStatus> status = status(query.tenantId(), query.runId());
        if (status.isEmpty()) return Optional.empty();
        List<WorkflowRunEventView> events = jdbc.sql("""
                        select seq, type, node_id, attempt, status, message, at from workflow_run_event_view
                        where run_id = ? and tenant_id = ? and seq > ? order by seq limit ?""")
                .params(query.runId(), query.tenantId(), query.afterSeq(), EVENT_PAGE)
                .query((rs, i) -> new WorkflowRunEventView(rs.getLong(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                        rs.getString(5) == null ? null : ExecutionStatus.valueOf(rs.getString(5)), rs.getString(6), instant(rs.getTimestamp(7))))
                .list();
        return Optional.of(new WorkflowRunEventsResponse(query.runId(), status.get(), events));
    }

    @QueryHandler
    Optional<NodeLogsResponse> logs(FetchNodeLogsQuery query) {
        Boolean known = jdbc.sql("select true from workflow_run_node_view where tenant_id = ? and run_id = ? and node_id = ?")
                .params(query.tenantId(), query.runId(), query.nodeId()).query(Boolean.class).optional().orElse(false);
        if (!known) return Optional.empty();
        return Optional.of(new NodeLogsResponse(query.runId(), query.nodeId(), jdbc.sql("""
                        select attempt, status, error, log from workflow_run_node_log where tenant_id = ? and run_id = ? and node_id = ?
                        order by attempt""").params(query.tenantId(), query.runId(), query.nodeId())
                .query((rs, i) -> new NodeLogsResponse.Attempt(rs.getInt(1), ExecutionStatus.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4))).list()));
    }

    @QueryHandler
    Optional<WorkflowRunArtifactsResponse> artifacts(FetchWorkflowRunArtifactsQuery query) {
        if (status(query.tenantId(), query.runId()).isEmpty()) return Optional.empty();
        return Optional.of(new WorkflowRunArtifactsResponse(query.runId(), jdbc.sql("""
                        select node_id, attempt, name, object_key, size_bytes, sha256, content_type, created_at from workflow_run_artifact
                        where tenant_id = ? and run_id = ? order by created_at, node_id, attempt, name""")
                .params(query.tenantId(), query.runId())
                .query((rs, i) -> new ArtifactView(query.runId(), rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), "/v1/workflow-runs/" + query.runId() + "/nodes/" + rs.getString(1) + "/attempts/"
                        + rs.getInt(2) + "/artifacts/" + rs.getString(3), instant(rs.getTimestamp(8)))).list()));
    }

    @QueryHandler
    Optional<RunContextView> context(FetchRunContextQuery query) {
        if (status(query.tenantId(), query.runId()).isEmpty()) return Optional.empty();
        List<RunContextView.Patch> patches = jdbc.sql("""
                        select version, node_id, attempt, patch::text, snapshot::text, at from workflow_run_context_patch
                        where tenant_id = ? and run_id = ? order by version""").params(query.tenantId(), query.runId())
                .query((rs, i) -> new RunContextView.Patch(rs.getInt(1), rs.getString(2), rs.getInt(3), map(rs.getString(4)), map(rs.getString(5)),
                        instant(rs.getTimestamp(6)))).list();
        RunContextView.Patch last = patches.isEmpty() ? null : patches.get(patches.size() - 1);
        return Optional.of(new RunContextView(query.runId(), last == null ? 0 : last.version(), last == null ? Map.of() : last.snapshot(), patches));
    }

    private Optional<ExecutionStatus> status(String tenantId, String runId) {
        return jdbc.sql("select status from workflow_run_view where tenant_id = ? and run_id = ?").params(tenantId, runId)
                .query(String.class).optional().map(ExecutionStatus::valueOf);
    }

    private List<NodeExecutionView> nodes(String runId) {
        return jdbc.sql("select * from workflow_run_node_view where run_id = ? order by ord").param(runId)
                .query((rs, i) -> new NodeExecutionView(rs.getString("node_id"), rs.getString("operator_id"),
                        rs.getString("operator_kind") == null ? null : OperatorKind.valueOf(rs.getString("operator_kind")),
                        ExecutionStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs.getTimestamp("queued_at")),
                        instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), instant(rs.getTimestamp("retry_at")),
                        rs.getString("error"), "/v1/workflow-runs/" + runId + "/nodes/" + rs.getString("node_id") + "/logs"))
                .list();
    }

    private static WorkflowRunView run(ResultSet rs, List<NodeExecutionView> nodes) throws SQLException {
        return new WorkflowRunView(rs.getString("run_id"), rs.getString("workflow_id"), rs.getInt("revision"),
                ExecutionStatus.valueOf(rs.getString("status")), rs.getString("trigger"), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getString("failed_node"),
                rs.getString("error"), nodes);
    }

    private Map<String, Object> map(String text) {
        try {
            return json.readValue(text, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(ExecutionStatus status) {
        return status == null ? null : status.name();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
