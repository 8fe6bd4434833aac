package io.fleetloop.command.metering;

import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code metering_stored_content}: the bytes each tenant keeps in the platform's store (one row per distinct content),
 * kept subscribing in the command's transaction; the storage sampler meters GB-days from it.
 */
@Component
@ProcessingGroup("metering-lookup")
class StoredContentTable {

    private final JdbcClient jdbc;

    StoredContentTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ObjectIngestedEvent event) {
        if (event.duplicate()) return;
        jdbc.sql("""
                insert into metering_stored_content (tenant_id, asset_id, size_bytes) values (?, ?, ?)
                on conflict (tenant_id, asset_id) do nothing""")
                .params(event.tenantId(), event.assetId().value(), event.sizeBytes()).update();
    }
}
