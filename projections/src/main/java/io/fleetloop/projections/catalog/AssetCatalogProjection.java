package io.fleetloop.projections.catalog;

import io.fleetloop.projections.common.BatchedWrites;
import io.fleetloop.projections.common.ColumnArrays;
import io.fleetloop.projections.common.JsonText;
import io.fleetloop.api.catalog.AssetSceneTagsUpdatedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The catalog in PostgreSQL: one row per asset, looked up by id. */
@Component
@ProcessingGroup("asset-catalog")
class AssetCatalogProjection {

    /** A batch's new rows as one statement over ten column arrays ({@link ColumnArrays}). */
    private static final String INSERT = """
            insert into asset_view (asset_id, tenant_id, source_id, ingestion_task_id, storage_path, size_bytes, sha256, modality,
                                    ingested_at, attributes)
            select r.asset_id, r.tenant_id, r.source_id, r.ingestion_task_id, r.storage_path, r.size_bytes::bigint, r.sha256,
                   r.modality, r.ingested_at::timestamptz, r.attributes::jsonb
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as r(asset_id, tenant_id, source_id, ingestion_task_id, storage_path, size_bytes, sha256, modality, ingested_at,
                      attributes)
            on conflict (asset_id) do nothing""";
    private static final int COLUMNS = 10;

    private final JdbcClient jdbc;
    /** A batch's new rows go to PostgreSQL as one statement, just before the batch commits. */
    private final BatchedWrites<Object[]> rows;

    AssetCatalogProjection(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.rows = new BatchedWrites<>("asset-catalog", batch -> ColumnArrays.insert(template, INSERT, COLUMNS, batch));
    }

    @EventHandler
    void on(MetadataRegisteredEvent event) {
        rows.add(new Object[] {event.assetId().value(), event.tenantId(),
                event.sourceId() == null ? null : event.sourceId().value(),
                event.ingestionTaskId() == null ? null : event.ingestionTaskId().value(),
                event.storagePath(), event.sizeBytes(), event.sha256(), event.modality().name(),
                JsonText.instant(event.ingestedAt()), JsonText.object(event.attributes())});
    }

    @EventHandler
    void on(SceneTagsAssignedEvent event) {
        rows.flush();
        jdbc.sql("update asset_view set scene_tags = ? where asset_id = ?")
                .params(event.sceneTags().toArray(String[]::new), event.assetId().value())
                .update();
    }

    @EventHandler
    void on(AssetSceneTagsUpdatedEvent event) {
        rows.flush();
        jdbc.sql("update asset_view set long_tail_tags = ? where asset_id = ?")
                .params(event.longTailTags().toArray(String[]::new), event.assetId().value())
                .update();
    }

    @ResetHandler
    void reset() {
        rows.flush();
        jdbc.sql("delete from asset_view").update();
    }
}
