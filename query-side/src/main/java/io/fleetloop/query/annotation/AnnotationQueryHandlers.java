package io.fleetloop.query.annotation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationResultView;
import io.fleetloop.api.annotation.AnnotationResultsResponse;
import io.fleetloop.api.annotation.AnnotationTaskStatus;
import io.fleetloop.api.annotation.AnnotationTaskView;
import io.fleetloop.api.annotation.AnnotationTasksResponse;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.FindAnnotationResultQuery;
import io.fleetloop.api.annotation.FindAnnotationTaskQuery;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.ListAnnotationResultsQuery;
import io.fleetloop.api.annotation.ListAnnotationTasksQuery;
import io.fleetloop.api.annotation.ResultStatus;
import io.fleetloop.api.annotation.ReviewQueue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Annotation tasks and results (with their QC queues), from their read models; always within the caller's tenant. */
@Component
class AnnotationQueryHandlers {

    private static final String TASK_COLUMNS = """
            task_id, name, status, annotation_type, labeler, asset_count, result_count, approved_count, rejected_count,
            attempt, error_message, origin, created_at, completed_at""";
    private static final String RESULT_COLUMNS = "result_id, task_id, asset_id, status, queue, revision, labels, labeler, rejection_reason, updated_at";
    private static final TypeReference<List<Label>> LABELS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AnnotationQueryHandlers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<AnnotationTaskView> handle(FindAnnotationTaskQuery query) {
        return jdbc.sql("select " + TASK_COLUMNS + " from annotation_task_view where tenant_id = ? and task_id = ?")
                .params(query.tenantId(), query.taskId().value()).query(this::task).optional();
    }

    @QueryHandler
    AnnotationTasksResponse handle(ListAnnotationTasksQuery query) {
        String where = " where tenant_id = ?" + (query.status() == null ? "" : " and status = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.status() != null) params.add(query.status().name());
        long total = jdbc.sql("select count(*) from annotation_task_view" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(query.page().size());
        paged.add(query.page().offset());
        List<AnnotationTaskView> items = jdbc.sql("select " + TASK_COLUMNS + " from annotation_task_view" + where
                + " order by created_at desc, task_id limit ? offset ?").params(paged).query(this::task).list();
        return new AnnotationTasksResponse(items, query.page().page(), query.page().size(), total);
    }

    @QueryHandler
    Optional<AnnotationResultView> handle(FindAnnotationResultQuery query) {
        return jdbc.sql("select " + RESULT_COLUMNS + " from annotation_result_view where tenant_id = ? and result_id = ?")
                .params(query.tenantId(), query.resultId().value()).query(this::result).optional();
    }

    @QueryHandler
    AnnotationResultsResponse handle(ListAnnotationResultsQuery query) {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.taskId() != null) {
            where.append(" and task_id = ?");
            params.add(query.taskId().value());
        }
        if (query.queue() != null) {
            where.append(" and queue = ?");
            params.add(query.queue().name());
        }
        long total = jdbc.sql("select count(*) from annotation_result_view" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(query.page().size());
        paged.add(query.page().offset());
        List<AnnotationResultView> items = jdbc.sql("select " + RESULT_COLUMNS + " from annotation_result_view" + where
                + " order by updated_at, result_id limit ? offset ?").params(paged).query(this::result).list();
        return new AnnotationResultsResponse(items, query.page().page(), query.page().size(), total);
    }

    private AnnotationTaskView task(ResultSet rs, int row) throws SQLException {
        return new AnnotationTaskView(rs.getString("task_id"), rs.getString("name"), AnnotationTaskStatus.valueOf(rs.getString("status")),
                AnnotationType.valueOf(rs.getString("annotation_type")), rs.getString("labeler"), rs.getInt("asset_count"),
                rs.getInt("result_count"), rs.getInt("approved_count"), rs.getInt("rejected_count"), rs.getInt("attempt"),
                rs.getString("error_message"), rs.getString("origin"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("completed_at")));
    }

    private AnnotationResultView result(ResultSet rs, int row) throws SQLException {
        try {
            return new AnnotationResultView(rs.getString("result_id"), rs.getString("task_id"), rs.getString("asset_id"),
                    ResultStatus.valueOf(rs.getString("status")), ReviewQueue.valueOf(rs.getString("queue")), rs.getInt("revision"),
                    json.readValue(rs.getString("labels"), LABELS), rs.getString("labeler"), rs.getString("rejection_reason"),
                    instant(rs.getTimestamp("updated_at")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
