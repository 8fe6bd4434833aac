package io.fleetloop.query.ota;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.ota.DeploymentBatchesResponse;
import io.fleetloop.api.ota.FindReleaseTaskQuery;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.ListDeploymentBatchesQuery;
import io.fleetloop.api.ota.ListReleaseTasksQuery;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseTaskStatus;
import io.fleetloop.api.ota.ReleaseTaskView;
import io.fleetloop.api.ota.ReleaseTasksResponse;
import io.fleetloop.query.common.Queries;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.Map;

/** GraphQL {@code releaseTasks}, {@code releaseTask} and a task's batches: the same queries as REST; another tenant's task is null. */
@Controller
class ReleaseGraphQlController {

    /** A device-filter entry; GraphQL has no map type. */
    record KeyValue(String key, String value) {
    }

    private final Queries queries;

    ReleaseGraphQlController(Queries queries) {
        this.queries = queries;
    }

    @QueryMapping
    ReleaseTasksResponse releaseTasks(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument ReleaseTaskStatus status,
                                      @Argument Integer page, @Argument Integer size) {
        PageRequest request = new PageRequest(page == null ? 0 : page, size == null ? 20 : size);
        return queries.get(new ListReleaseTasksQuery(caller.tenantId(), status, request), ReleaseTasksResponse.class);
    }

    @QueryMapping
    ReleaseTaskView releaseTask(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument String taskId) {
        return queries.find(new FindReleaseTaskQuery(caller.tenantId(), new ReleaseTaskId(taskId)), ReleaseTaskView.class).orElse(null);
    }

    @SchemaMapping(typeName = "ReleaseTask")
    List<ReleaseBatch> batches(@ContextValue(Caller.ATTRIBUTE) Caller caller, ReleaseTaskView task) {
        return queries.get(new ListDeploymentBatchesQuery(caller.tenantId(), new ReleaseTaskId(task.taskId())), DeploymentBatchesResponse.class)
                .items().stream().map(ReleaseBatch::of).toList();
    }

    @SchemaMapping(typeName = "GrayPolicy")
    List<KeyValue> deviceFilter(GrayPolicy policy) {
        return policy.deviceFilter().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    }
}
