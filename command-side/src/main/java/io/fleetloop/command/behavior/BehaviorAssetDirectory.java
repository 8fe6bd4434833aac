package io.fleetloop.command.behavior;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command-side lookup table of the behaviour context (subscribing, kept in the registering command's transaction):
 * each tenant's assets with storage path, modality, device and scene tags — enough to check a session's sources and
 * to resolve a catalog query (device + scene tags) without a read model.
 */
@Component
@ProcessingGroup(BehaviorAssetDirectory.PROCESSING_GROUP)
class BehaviorAssetDirectory {

    static final String PROCESSING_GROUP = "behavior-lookup";
    private static final List<String> DEVICE_KEYS = List.of("deviceid", "device-id", "device_id", "vehicleid", "vehicle-id", "vin");

    record Entry(AssetId assetId, String storagePath, String modality, String deviceId) {
    }

    private final JdbcClient jdbc;

    BehaviorAssetDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Entry> find(String tenantId, AssetId assetId) {
        return jdbc.sql("select asset_id, storage_path, modality, device_id from behavior_asset_directory where asset_id = ? and tenant_id = ?")
                .params(assetId.value(), tenantId).query((rs, i) -> new Entry(new AssetId(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getString(4))).optional();
    }

    boolean belongsTo(String tenantId, AssetId assetId) {
        return find(tenantId, assetId).isPresent();
    }

    /** The tenant's assets recorded on {@code deviceId} carrying every tag of {@code sceneTags}, at most {@code limit}. */
    List<Entry> match(String tenantId, String deviceId, List<String> sceneTags, int limit) {
        return jdbc.sql("""
                select asset_id, storage_path, modality, device_id from behavior_asset_directory
                where tenant_id = ? and device_id = ? and scene_tags @> cast(? as text[])
                order by storage_path, asset_id limit ?""")
                .params(tenantId, deviceId, sceneTags.toArray(String[]::new), limit)
                .query((rs, i) -> new Entry(new AssetId(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    static String deviceOf(Map<String, String> attributes) {
        return DEVICE_KEYS.stream().map(attributes::get).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    @EventHandler
    void on(MetadataRegisteredEvent event) {
        jdbc.sql("""
                insert into behavior_asset_directory (asset_id, tenant_id, storage_path, modality, device_id) values (?, ?, ?, ?, ?)
                on conflict (asset_id) do nothing""")
                .params(event.assetId().value(), event.tenantId(), event.storagePath(), event.modality().name(),
                        deviceOf(event.attributes()))
                .update();
    }

    @EventHandler
    void on(SceneTagsAssignedEvent event) {
        jdbc.sql("update behavior_asset_directory set scene_tags = ? where asset_id = ?")
                .params(event.sceneTags().toArray(String[]::new), event.assetId().value())
                .update();
    }
}
