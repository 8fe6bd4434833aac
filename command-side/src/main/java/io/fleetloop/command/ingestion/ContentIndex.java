package io.fleetloop.command.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Command-side lookup table: which asset already holds a given content (sha256) for a tenant. The primary
 * key makes two concurrent ingestions of the same new content collide; the loser's command is retried and
 * then sees the winner's asset.
 */
@Component
public class ContentIndex {

    record IndexedContent(AssetId assetId, String storagePath) {
    }

    private final JdbcClient jdbc;

    ContentIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<IndexedContent> find(String tenantId, String sha256) {
        return jdbc.sql("select asset_id, storage_path from ingestion_content_index where tenant_id = ? and sha256 = ?")
                .params(tenantId, sha256)
                .query((rs, i) -> new IndexedContent(new AssetId(rs.getString(1)), rs.getString(2)))
                .optional();
    }

    void add(ObjectIngestedEvent event) {
        jdbc.sql("insert into ingestion_content_index (tenant_id, sha256, asset_id, storage_path) values (?, ?, ?, ?)")
                .params(event.tenantId(), event.sha256(), event.assetId().value(), event.storagePath())
                .update();
    }
}
