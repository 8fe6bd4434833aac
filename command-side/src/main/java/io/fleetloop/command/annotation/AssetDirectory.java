package io.fleetloop.command.annotation;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Command-side lookup table: the assets of each tenant, where they are stored, what they hold, their source and
 * scene tags — enough to check a task's assets and to resolve its catalog filter without reading a read model.
 */
@Component
@ProcessingGroup(AssetDirectory.PROCESSING_GROUP)
public class AssetDirectory {

    static final String PROCESSING_GROUP = "annotation-lookup";

    public record DirectoryEntry(AssetId assetId, String tenantId, String storagePath, String modality) {
    }

    private final JdbcClient jdbc;

    AssetDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean belongsTo(String tenantId, AssetId assetId) {
        return find(tenantId, assetId).isPresent();
    }

    public Optional<DirectoryEntry> find(String tenantId, AssetId assetId) {
        return jdbc.sql("select asset_id, tenant_id, storage_path, modality from annotation_asset_directory where asset_id = ? and tenant_id = ?")
                .params(assetId.value(), tenantId)
                .query((rs, i) -> new DirectoryEntry(new AssetId(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    /**
     * The tenant's assets matching every given field, in path order, at most {@code limit}. {@code q} matches a
     * part of the path, a scene tag or the source (case-insensitive), as the catalog's full text does for whole words.
     */
    List<AssetId> match(String tenantId, Modality modality, String sourceId, String tag, String q, int limit) {
        String pattern = q == null || q.isBlank() ? null
                : "%" + q.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                select asset_id from annotation_asset_directory
                where tenant_id = :tenant
                  and (cast(:modality as varchar) is null or modality = :modality)
                  and (cast(:source as varchar) is null or source_id = :source)
                  and (cast(:tag as varchar) is null or :tag = any(scene_tags))
                  and (cast(:q as varchar) is null or lower(storage_path) like :q or lower(coalesce(source_id, '')) like :q
                       or exists (select 1 from unnest(scene_tags) t where lower(t) like :q))
                order by storage_path, asset_id
                limit :limit""")
                .param("tenant", tenantId).param("modality", modality == null ? null : modality.name())
                .param("source", blankToNull(sourceId)).param("tag", blankToNull(tag)).param("q", pattern).param("limit", limit)
                .query((rs, i) -> new AssetId(rs.getString(1))).list();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @EventHandler
    void on(MetadataRegisteredEvent event) {
        jdbc.sql("""
                insert into annotation_asset_directory (asset_id, tenant_id, storage_path, modality, source_id) values (?, ?, ?, ?, ?)
                on conflict (asset_id) do nothing""")
                .params(event.assetId().value(), event.tenantId(), event.storagePath(), event.modality().name(),
                        event.sourceId() == null ? null : event.sourceId().value())
                .update();
    }

    @EventHandler
    void on(SceneTagsAssignedEvent event) {
        jdbc.sql("update annotation_asset_directory set scene_tags = ? where asset_id = ?")
                .params(event.sceneTags().toArray(String[]::new), event.assetId().value())
                .update();
    }
}
