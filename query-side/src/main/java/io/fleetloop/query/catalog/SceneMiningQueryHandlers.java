package io.fleetloop.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.FetchSceneMiningRulesQuery;
import io.fleetloop.api.catalog.FetchSceneTagHistogramQuery;
import io.fleetloop.api.catalog.FindSceneMiningJobQuery;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.SceneMiningJobView;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneTagHistogram;
import io.fleetloop.projections.catalog.AssetSearchIndex;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scene-mining jobs and rules from PostgreSQL; the tag histogram from Elasticsearch. Always the caller's tenant. */
@Component
class SceneMiningQueryHandlers {

    private static final TypeReference<List<MinedAsset>> ASSETS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> FILTER = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final AssetSearchIndex search;
    private final ObjectMapper json;

    SceneMiningQueryHandlers(JdbcClient jdbc, AssetSearchIndex search, ObjectMapper json) {
        this.jdbc = jdbc;
        this.search = search;
        this.json = json;
    }

    @QueryHandler
    Optional<SceneMiningJobView> handle(FindSceneMiningJobQuery query) {
        return jdbc.sql("""
                select job_id, status, asset_count, rules_version, filter, requested_at, updated_at, reason, mined_assets, assets
                from scene_mining_job_view where tenant_id = ? and job_id = ?""")
                .params(query.tenantId(), query.jobId().value())
                .query((rs, i) -> new SceneMiningJobView(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        read(rs.getString(5), FILTER), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), rs.getString(8),
                        rs.getObject(9) == null ? null : rs.getLong(9), rs.getString(10) == null ? List.of() : read(rs.getString(10), ASSETS)))
                .optional();
    }

    /** The rules at a version, or the current ones; a tenant that published none mines with the defaults (version 0). */
    @QueryHandler
    Optional<SceneMiningRules> handle(FetchSceneMiningRulesQuery query) {
        Optional<SceneMiningRules> stored = jdbc.sql("""
                select rules from scene_mining_rules_view where tenant_id = ? and (cast(? as integer) is null or version = ?)
                order by version desc limit 1""")
                .params(query.tenantId(), query.version(), query.version())
                .query((rs, i) -> read(rs.getString(1), new TypeReference<SceneMiningRules>() {
                })).optional();
        if (stored.isPresent()) return stored;
        return query.version() == null || query.version() == 0 ? Optional.of(SceneMiningRules.defaults()) : Optional.empty();
    }

    @QueryHandler
    SceneTagHistogram handle(FetchSceneTagHistogramQuery query) throws IOException {
        return search.histogram(query.tenantId(), query.size());
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
