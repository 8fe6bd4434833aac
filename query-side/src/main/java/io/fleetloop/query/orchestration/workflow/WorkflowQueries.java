package io.fleetloop.query.orchestration.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.orchestration.workflow.FindWorkflowQuery;
import io.fleetloop.api.orchestration.workflow.FindWorkflowRevisionQuery;
import io.fleetloop.api.orchestration.workflow.ListRequestedRunsQuery;
import io.fleetloop.api.orchestration.workflow.ListWorkflowsQuery;
import io.fleetloop.api.orchestration.workflow.RequestedRunView;
import io.fleetloop.api.orchestration.workflow.RequestedRunsResponse;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowRevision;
import io.fleetloop.api.orchestration.workflow.WorkflowState;
import io.fleetloop.api.orchestration.workflow.WorkflowView;
import io.fleetloop.api.orchestration.workflow.WorkflowsResponse;
import io.fleetloop.query.common.Queries;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/workflows[/{id}]}, {@code GET /v1/workflows/{id}/revisions/{n}}, {@code GET /v1/workflows/{id}/revisions/diff?from=&to=}
 * and {@code GET /v1/workflows/{id}/requested-runs}: the caller's tenant only; another tenant's workflow is a 404.
 */
@RestController
class WorkflowQueries {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Queries queries;

    WorkflowQueries(JdbcClient jdbc, ObjectMapper json, Queries queries) {
        this.jdbc = jdbc;
        this.json = json;
        this.queries = queries;
    }

    @GetMapping("/v1/workflows")
    WorkflowsResponse list(Caller caller, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListWorkflowsQuery(caller.tenantId(), new PageRequest(page, size)), WorkflowsResponse.class);
    }

    @GetMapping("/v1/workflows/{workflowId}")
    WorkflowView get(Caller caller, @PathVariable String workflowId) {
        return queries.require(new FindWorkflowQuery(caller.tenantId(), new WorkflowId(workflowId)), WorkflowView.class, "workflow", workflowId);
    }

    @GetMapping("/v1/workflows/{workflowId}/revisions/diff")
    RevisionDiff diff(Caller caller, @PathVariable String workflowId, @RequestParam int from, @RequestParam int to) {
        return RevisionDiff.between(json, revision(caller, workflowId, from, "from"), revision(caller, workflowId, to, "to"));
    }

    @GetMapping("/v1/workflows/{workflowId}/revisions/{number}")
    WorkflowRevision revision(Caller caller, @PathVariable String workflowId, @PathVariable int number) {
        get(caller, workflowId);
        return queries.require(new FindWorkflowRevisionQuery(caller.tenantId(), new WorkflowId(workflowId), number), WorkflowRevision.class,
                "workflow revision", workflowId + "/" + number);
    }

    @GetMapping("/v1/workflows/{workflowId}/requested-runs")
    RequestedRunsResponse requestedRuns(Caller caller, @PathVariable String workflowId) {
        get(caller, workflowId);
        return queries.get(new ListRequestedRunsQuery(caller.tenantId(), new WorkflowId(workflowId)), RequestedRunsResponse.class);
    }

    private WorkflowRevision revision(Caller caller, String workflowId, int number, String field) {
        get(caller, workflowId);
        return queries.find(new FindWorkflowRevisionQuery(caller.tenantId(), new WorkflowId(workflowId), number), WorkflowRevision.class)
                .orElseThrow(() -> FleetloopException.invalid(field, "workflow " + workflowId + " has no revision " + number));
    }

    @QueryHandler
    WorkflowsResponse handle(ListWorkflowsQuery query) {
        long total = jdbc.sql("select count(*) from workflow_view where tenant_id = ?").param(query.tenantId()).query(Long.class).single();
        List<WorkflowView> items = jdbc.sql("""
                select workflow_id, name, state, current_revision, time_zone, runs_requested, created_at, updated_at from workflow_view
                where tenant_id = ? order by created_at desc, workflow_id limit ? offset ?""")
                .params(query.tenantId(), query.page().size(), query.page().offset())
                .query((rs, i) -> view(rs, null)).list();
        return new WorkflowsResponse(items, query.page().page(), query.page().size(), total);
    }

    @QueryHandler
    Optional<WorkflowView> handle(FindWorkflowQuery query) {
        return jdbc.sql("""
                select w.workflow_id, w.name, w.state, w.current_revision, w.time_zone, w.runs_requested, w.created_at, w.updated_at, r.body
                from workflow_view w left join workflow_revision_view r on r.workflow_id = w.workflow_id and r.revision = w.current_revision
                where w.workflow_id = ? and w.tenant_id = ?""")
                .params(query.workflowId().value(), query.tenantId())
                .query((rs, i) -> view(rs, rs.getString(9) == null ? null : read(rs.getString(9), WorkflowRevision.class))).optional();
    }

    @QueryHandler
    Optional<WorkflowRevision> handle(FindWorkflowRevisionQuery query) {
        return jdbc.sql("select body from workflow_revision_view where workflow_id = ? and tenant_id = ? and revision = ?")
                .params(query.workflowId().value(), query.tenantId(), query.number())
                .query((rs, i) -> read(rs.getString(1), WorkflowRevision.class)).optional();
    }

    @QueryHandler
    RequestedRunsResponse handle(ListRequestedRunsQuery query) {
        return new RequestedRunsResponse(jdbc.sql("""
                select run_id, revision, run_trigger, inputs, requested_at from workflow_requested_run_view
                where workflow_id = ? and tenant_id = ? order by requested_at desc, run_id limit 500""")
                .params(query.workflowId().value(), query.tenantId())
                .query((rs, i) -> new RequestedRunView(rs.getString(1), rs.getInt(2), read(rs.getString(3), RunTrigger.class),
                        read(rs.getString(4), Map.class), rs.getTimestamp(5).toInstant())).list());
    }

    private static WorkflowView view(ResultSet rs, WorkflowRevision current) throws SQLException {
        return new WorkflowView(rs.getString(1), rs.getString(2), WorkflowState.valueOf(rs.getString(3)), rs.getInt(4), rs.getString(5),
                rs.getLong(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), current);
    }

    @SuppressWarnings("unchecked")
    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
