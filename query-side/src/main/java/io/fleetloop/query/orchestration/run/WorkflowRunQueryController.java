package io.fleetloop.query.orchestration.run;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.ExecutionStatus;
import io.fleetloop.api.orchestration.workflow.FetchNodeLogsQuery;
import io.fleetloop.api.orchestration.workflow.FetchRunContextQuery;
import io.fleetloop.api.orchestration.workflow.FetchWorkflowRunArtifactsQuery;
import io.fleetloop.api.orchestration.workflow.FindWorkflowRunQuery;
import io.fleetloop.api.orchestration.workflow.ListWorkflowRunsQuery;
import io.fleetloop.api.orchestration.workflow.NodeLogsResponse;
import io.fleetloop.api.orchestration.workflow.RunContextView;
import io.fleetloop.api.orchestration.workflow.WorkflowRunArtifactsResponse;
import io.fleetloop.api.orchestration.workflow.WorkflowRunView;
import io.fleetloop.api.orchestration.workflow.WorkflowRunsResponse;
import io.fleetloop.query.common.Queries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.Locale;

/**
 * Workflow runs: list, one run with its nodes, a node's logs, the run's artifacts and context, and its progress as
 * server-sent events ({@code GET /v1/workflow-runs/{runId}/events}, ending when the run is terminal). Within the tenant.
 */
@RestController
class WorkflowRunQueryController {

    static final String RUN = "workflow run";

    private final Queries queries;
    private final WorkflowRunStreams streams;

    WorkflowRunQueryController(Queries queries, WorkflowRunStreams streams) {
        this.queries = queries;
        this.streams = streams;
    }

    @GetMapping("/v1/workflow-runs")
    WorkflowRunsResponse list(Caller caller, @RequestParam(required = false) String workflowId, @RequestParam(required = false) String status,
                              @RequestParam(defaultValue = "100") int limit) {
        return queries.get(new ListWorkflowRunsQuery(caller.tenantId(), workflowId, status(status), limit), WorkflowRunsResponse.class);
    }

    @GetMapping("/v1/workflow-runs/{runId}")
    WorkflowRunView run(Caller caller, @PathVariable String runId) {
        return queries.require(new FindWorkflowRunQuery(caller.tenantId(), runId), WorkflowRunView.class, RUN, runId);
    }

    @GetMapping("/v1/workflow-runs/{runId}/nodes/{nodeId}/logs")
    NodeLogsResponse logs(Caller caller, @PathVariable String runId, @PathVariable String nodeId) {
        return queries.require(new FetchNodeLogsQuery(caller.tenantId(), runId, nodeId), NodeLogsResponse.class, "workflow run node",
                runId + "/" + nodeId);
    }

    @GetMapping("/v1/workflow-runs/{runId}/artifacts")
    WorkflowRunArtifactsResponse artifacts(Caller caller, @PathVariable String runId) {
        return queries.require(new FetchWorkflowRunArtifactsQuery(caller.tenantId(), runId), WorkflowRunArtifactsResponse.class, RUN, runId);
    }

    @GetMapping("/v1/workflow-runs/{runId}/context")
    RunContextView context(Caller caller, @PathVariable String runId) {
        return queries.require(new FetchRunContextQuery(caller.tenantId(), runId), RunContextView.class, RUN, runId);
    }

    @GetMapping("/v1/workflow-runs/{runId}/events")
    SseEmitter events(Caller caller, @PathVariable String runId,
                      @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw FleetloopException.invalid("Last-Event-ID", "must be the id of an event of this stream");
            }
        }
        return streams.open(caller.tenantId(), runId, after);
    }

    private static ExecutionStatus status(String status) {
        if (status == null || status.isBlank()) return null;
        try {
            return ExecutionStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("status", "one of " + java.util.Arrays.toString(ExecutionStatus.values()));
        }
    }
}
