package io.fleetloop.query.ota;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.DeploymentBatchView;
import io.fleetloop.api.ota.DeploymentBatchesResponse;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.FindReleaseTaskQuery;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.ListDeploymentBatchesQuery;
import io.fleetloop.api.ota.ListReleaseTasksQuery;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseTaskStatus;
import io.fleetloop.api.ota.ReleaseTaskView;
import io.fleetloop.api.ota.ReleaseTasksResponse;
import io.fleetloop.api.ota.ReleaseType;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Seed 001 §5.1 reads: {@code GET /v1/release-tasks}, {@code /{taskId}}, {@code /{taskId}/batches}; always within the tenant. */
@RestController
class ReleaseQueries {

    private static final String TASK_COLUMNS = """
            task_id, release_type, version_id, artifact_uri, artifact_sha256, artifact_size, target_device_type, gray_policy, status,
            previous_version_id, total_devices, success_count, failure_count, status_reason, created_at, updated_at""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Queries queries;

    ReleaseQueries(JdbcClient jdbc, ObjectMapper json, Queries queries) {
        this.jdbc = jdbc;
        this.json = json;
        this.queries = queries;
    }

    @GetMapping("/v1/release-tasks")
    ReleaseTasksResponse list(Caller caller, @RequestParam(required = false) ReleaseTaskStatus status,
                              @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListReleaseTasksQuery(caller.tenantId(), status, new PageRequest(page, size)), ReleaseTasksResponse.class);
    }

    @GetMapping("/v1/release-tasks/{taskId}")
    ReleaseTaskView task(Caller caller, @PathVariable String taskId) {
        return queries.require(new FindReleaseTaskQuery(caller.tenantId(), new ReleaseTaskId(taskId)), ReleaseTaskView.class, "release task", taskId);
    }

    @GetMapping("/v1/release-tasks/{taskId}/batches")
    DeploymentBatchesResponse batches(Caller caller, @PathVariable String taskId) {
        task(caller, taskId);
        return queries.get(new ListDeploymentBatchesQuery(caller.tenantId(), new ReleaseTaskId(taskId)), DeploymentBatchesResponse.class);
    }

    @QueryHandler
    Optional<ReleaseTaskView> handle(FindReleaseTaskQuery query) {
        return jdbc.sql("select " + TASK_COLUMNS + " from release_task_view where tenant_id = ? and task_id = ?")
                .params(query.tenantId(), query.taskId().value()).query(this::task).optional();
    }

    @QueryHandler
    ReleaseTasksResponse handle(ListReleaseTasksQuery query) {
        String where = " where tenant_id = ?" + (query.status() == null ? "" : " and status = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.status() != null) params.add(query.status().name());
        long total = jdbc.sql("select count(*) from release_task_view" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(query.page().size());
        paged.add(query.page().offset());
        List<ReleaseTaskView> items = jdbc.sql("select " + TASK_COLUMNS + " from release_task_view" + where
                + " order by created_at desc, task_id limit ? offset ?").params(paged).query(this::task).list();
        return new ReleaseTasksResponse(items, query.page().page(), query.page().size(), total);
    }

    @QueryHandler
    DeploymentBatchesResponse handle(ListDeploymentBatchesQuery query) {
        return new DeploymentBatchesResponse(jdbc.sql("""
                select batch_id, task_id, batch_index, percentage, device_count, status, success_count, failure_count, silent_count,
                    started_at, completed_at from deployment_batch_view where tenant_id = ? and task_id = ? order by batch_index""")
                .params(query.tenantId(), query.taskId().value())
                .query((rs, i) -> new DeploymentBatchView(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getDouble(4), rs.getInt(5),
                        BatchStatus.valueOf(rs.getString(6)), rs.getInt(7), rs.getInt(8), rs.getInt(9), instant(rs.getTimestamp(10)),
                        instant(rs.getTimestamp(11))))
                .list());
    }

    private ReleaseTaskView task(ResultSet rs, int row) throws SQLException {
        try {
            return new ReleaseTaskView(rs.getString("task_id"), ReleaseType.valueOf(rs.getString("release_type")), rs.getString("version_id"),
                    rs.getString("artifact_uri"), rs.getString("artifact_sha256"), rs.getLong("artifact_size"),
                    DeviceType.valueOf(rs.getString("target_device_type")), json.readValue(rs.getString("gray_policy"), GrayPolicy.class),
                    ReleaseTaskStatus.valueOf(rs.getString("status")), rs.getString("previous_version_id"), rs.getInt("total_devices"),
                    rs.getInt("success_count"), rs.getInt("failure_count"), rs.getString("status_reason"),
                    instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
