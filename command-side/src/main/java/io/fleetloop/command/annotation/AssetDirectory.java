package io.fleetloop.command.annotation;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Command-side lookup table: the assets of each tenant, where they are stored and what they hold. */
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

    @EventHandler
    void on(MetadataRegisteredEvent event) {
        jdbc.sql("""
                insert into annotation_asset_directory (asset_id, tenant_id, storage_path, modality) values (?, ?, ?, ?)
                on conflict (asset_id) do nothing""")
                .params(event.assetId().value(), event.tenantId(), event.storagePath(), event.modality().name())
                .update();
    }
}
