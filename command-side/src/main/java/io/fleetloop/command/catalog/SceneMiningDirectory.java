package io.fleetloop.command.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationResultCreatedEvent;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetSceneTagsUpdatedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneMiningRulesPublishedEvent;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Command-side lookup tables of the catalog (subscribing processor {@code catalog-lookup}, kept in the writing
 * command's transaction): each tenant's assets with what a scene-mining job needs of them (where stored, modality,
 * capture time, attributes, scene tags, the object classes of the latest pre-label result), and each tenant's
 * current scene-mining rules. A scene-mining request resolves its assets and rules here, never from a read model.
 */
@Component
@ProcessingGroup(SceneMiningDirectory.PROCESSING_GROUP)
public class SceneMiningDirectory {

    static final String PROCESSING_GROUP = "catalog-lookup";
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SceneMiningDirectory(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<SceneMiningAsset> find(String tenantId, AssetId assetId) {
        return jdbc.sql("select asset_id, storage_path, modality, ingested_at, attributes, object_classes from catalog_asset_directory"
                        + " where asset_id = ? and tenant_id = ?")
                .params(assetId.value(), tenantId).query(this::asset).optional();
    }

    /** The tenant's assets matching every given field of the filter (the vocabulary of {@code GET /v1/assets}), at most {@code limit}. */
    List<SceneMiningAsset> match(String tenantId, AssetFilter filter, int limit) {
        String q = filter.q() == null || filter.q().isBlank() ? null
                : "%" + filter.q().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                select asset_id, storage_path, modality, ingested_at, attributes, object_classes from catalog_asset_directory
                where tenant_id = :tenant
                  and (cast(:modality as varchar) is null or modality = :modality)
                  and (cast(:source as varchar) is null or source_id = :source)
                  and (cast(:tag as varchar) is null or :tag = any(scene_tags))
                  and scene_tags @> cast(:sceneTags as text[]) and long_tail_tags @> cast(:longTailTags as text[])
                  and (cast(:from as timestamptz) is null or ingested_at >= :from)
                  and (cast(:to as timestamptz) is null or ingested_at < :to)
                  and (cast(:attrKey as varchar) is null or attributes ->> :attrKey = :attrValue)
                  and (cast(:q as varchar) is null or lower(storage_path) like :q or lower(coalesce(source_id, '')) like :q
                       or exists (select 1 from unnest(scene_tags) t where lower(t) like :q))
                order by ingested_at, asset_id
                limit :limit""")
                .param("tenant", tenantId).param("modality", filter.modality() == null ? null : filter.modality().name())
                .param("source", filter.sourceId()).param("tag", filter.tag())
                .param("sceneTags", arrayLiteral(filter.sceneTags()))
                .param("longTailTags", arrayLiteral(filter.longTailTags()))
                .param("from", filter.ingestedFrom() == null ? null : Timestamp.from(filter.ingestedFrom()))
                .param("to", filter.ingestedTo() == null ? null : Timestamp.from(filter.ingestedTo()))
                .param("attrKey", filter.attribute() == null ? null : filter.attribute().key())
                .param("attrValue", filter.attribute() == null ? null : filter.attribute().value())
                .param("q", q).param("limit", limit)
                .query(this::asset).list();
    }

    /** The tenant's current rules, or the defaults (version 0) when it published none. */
    SceneMiningRules rules(String tenantId) {
        return jdbc.sql("select rules from catalog_scene_rules where tenant_id = ?").param(tenantId)
                .query((rs, i) -> read(rs.getString(1), SceneMiningRules.class)).optional().orElseGet(SceneMiningRules::defaults);
    }

    private SceneMiningAsset asset(ResultSet rs, int row) throws SQLException {
        return new SceneMiningAsset(new AssetId(rs.getString(1)), rs.getString(2), Modality.valueOf(rs.getString(3)),
                rs.getTimestamp(4).toInstant(), read(rs.getString(5), STRINGS), read(rs.getString(6), COUNTS));
    }

    @EventHandler
    void on(MetadataRegisteredEvent event) {
        jdbc.sql("""
                insert into catalog_asset_directory (asset_id, tenant_id, source_id, storage_path, modality, ingested_at, attributes)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb)) on conflict (asset_id) do nothing""")
                .params(event.assetId().value(), event.tenantId(), event.sourceId() == null ? null : event.sourceId().value(),
                        event.storagePath(), event.modality().name(), Timestamp.from(event.ingestedAt()), write(event.attributes()))
                .update();
    }

    @EventHandler
    void on(SceneTagsAssignedEvent event) {
        jdbc.sql("update catalog_asset_directory set scene_tags = ? where asset_id = ?")
                .params(event.sceneTags().toArray(String[]::new), event.assetId().value()).update();
    }

    @EventHandler
    void on(AssetSceneTagsUpdatedEvent event) {
        jdbc.sql("update catalog_asset_directory set long_tail_tags = ? where asset_id = ?")
                .params(event.longTailTags().toArray(String[]::new), event.assetId().value()).update();
    }

    /** The object classes of the asset's latest pre-label (or label) result, with their counts. */
    @EventHandler
    void on(AnnotationResultCreatedEvent event) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Label label : event.labels()) {
            if (label.category() != null) counts.merge(label.category().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        jdbc.sql("update catalog_asset_directory set object_classes = cast(? as jsonb) where asset_id = ? and tenant_id = ?")
                .params(write(counts), event.assetId().value(), event.tenantId()).update();
    }

    @EventHandler
    void on(SceneMiningRulesPublishedEvent event) {
        jdbc.sql("""
                insert into catalog_scene_rules (tenant_id, version, rules) values (?, ?, cast(? as jsonb))
                on conflict (tenant_id) do update set version = excluded.version, rules = excluded.rules""")
                .params(event.tenantId(), event.rules().version(), write(event.rules())).update();
    }

    /** A PostgreSQL text[] literal (named parameters would expand a Java array into a list). */
    private static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) literal.append(',');
            literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
