package io.fleetloop.query.ingestion;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.DataSourceView;
import io.fleetloop.api.ingestion.DataSourcesResponse;
import io.fleetloop.api.ingestion.FindDataSourceQuery;
import io.fleetloop.api.ingestion.FindIngestionTaskQuery;
import io.fleetloop.api.ingestion.IngestionTaskStatus;
import io.fleetloop.api.ingestion.IngestionTaskView;
import io.fleetloop.api.ingestion.IngestionTasksResponse;
import io.fleetloop.api.ingestion.ListDataSourcesQuery;
import io.fleetloop.api.ingestion.ListIngestionTasksQuery;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.api.ingestion.SkippedObject;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
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

/** Data sources and ingestion tasks, read from their read models; always within the caller's tenant. */
@Component
class IngestionQueryHandlers {

    private static final String TASK_COLUMNS = """
            task_id, source_id, status, include_pattern, target_path, modality, attempt, object_count, duplicate_count,
            total_bytes, asset_ids, error_message, created_at, started_at, finished_at, skipped_count, skipped_objects""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    IngestionQueryHandlers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<DataSourceView> handle(FindDataSourceQuery query) {
        return jdbc.sql("select source_id, name, protocol_type, connector_config, created_at from data_source_view where tenant_id = ? and source_id = ?")
                .params(query.tenantId(), query.sourceId().value()).query(this::dataSource).optional();
    }

    @QueryHandler
    DataSourcesResponse handle(ListDataSourcesQuery query) {
        List<DataSourceView> items = jdbc.sql("select source_id, name, protocol_type, connector_config, created_at from data_source_view where tenant_id = ? order by created_at desc, source_id limit ? offset ?")
                .params(query.tenantId(), query.page().size(), query.page().offset()).query(this::dataSource).list();
        long total = jdbc.sql("select count(*) from data_source_view where tenant_id = ?").param(query.tenantId()).query(Long.class).single();
        return new DataSourcesResponse(items, query.page().page(), query.page().size(), total);
    }

    @QueryHandler
    Optional<IngestionTaskView> handle(FindIngestionTaskQuery query) {
        return jdbc.sql("select " + TASK_COLUMNS + " from ingestion_task_view where tenant_id = ? and task_id = ?")
                .params(query.tenantId(), query.taskId().value()).query(task()).optional();
    }

    @QueryHandler
    IngestionTasksResponse handle(ListIngestionTasksQuery query) {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.sourceId() != null) {
            where.append(" and source_id = ?");
            params.add(query.sourceId().value());
        }
        if (query.status() != null) {
            where.append(" and status = ?");
            params.add(query.status().name());
        }
        long total = jdbc.sql("select count(*) from ingestion_task_view" + where).params(params).query(Long.class).single();
        params.add(query.page().size());
        params.add(query.page().offset());
        List<IngestionTaskView> items = jdbc.sql("select " + TASK_COLUMNS + " from ingestion_task_view" + where
                + " order by created_at desc, task_id limit ? offset ?").params(params).query(task()).list();
        return new IngestionTasksResponse(items, query.page().page(), query.page().size(), total);
    }

    private DataSourceView dataSource(ResultSet rs, int row) throws SQLException {
        return new DataSourceView(rs.getString(1), rs.getString(2), ProtocolType.valueOf(rs.getString(3)),
                read(rs.getString(4), new TypeReference<ConnectorConfig>() { }), instant(rs.getTimestamp(5)));
    }

    private RowMapper<IngestionTaskView> task() {
        return (rs, row) -> new IngestionTaskView(rs.getString(1), rs.getString(2), IngestionTaskStatus.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), Modality.valueOf(rs.getString(6)), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                rs.getLong(10), read(rs.getString(11), new TypeReference<List<String>>() { }), rs.getString(12),
                instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)), rs.getInt(16),
                read(rs.getString(17), new TypeReference<List<SkippedObject>>() { }));
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
