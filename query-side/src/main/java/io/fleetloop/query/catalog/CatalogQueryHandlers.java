package io.fleetloop.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.AssetSearchResponse;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.FindAssetQuery;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SearchAssetsQuery;
import io.fleetloop.projections.catalog.AssetSearchIndex;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** An asset by id from PostgreSQL; searches from Elasticsearch. */
@Component
class CatalogQueryHandlers {

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final AssetSearchIndex search;
    private final ObjectMapper json;

    CatalogQueryHandlers(JdbcClient jdbc, AssetSearchIndex search, ObjectMapper json) {
        this.jdbc = jdbc;
        this.search = search;
        this.json = json;
    }

    @QueryHandler
    Optional<AssetView> handle(FindAssetQuery query) {
        return jdbc.sql("""
                select asset_id, source_id, ingestion_task_id, storage_path, size_bytes, sha256, modality, scene_tags, ingested_at,
                       attributes, long_tail_tags
                from asset_view where tenant_id = ? and asset_id = ?""")
                .params(query.tenantId(), query.assetId().value())
                .query((rs, row) -> new AssetView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), Modality.valueOf(rs.getString(7)),
                        Arrays.asList((String[]) rs.getArray(8).getArray()), rs.getTimestamp(9).toInstant(),
                        attributes(rs.getString(10)), Arrays.asList((String[]) rs.getArray(11).getArray())))
                .optional();
    }

    private Map<String, String> attributes(String stored) throws SQLException {
        try {
            return json.readValue(stored, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable attributes in asset_view", e);
        }
    }

    @QueryHandler
    AssetSearchResponse handle(SearchAssetsQuery query) throws IOException {
        return search.search(query.tenantId(), query.filter(), query.page());
    }
}
