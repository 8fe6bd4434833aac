package io.fleetloop.projections.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

@Component
@ProcessingGroup("data-sources")
class DataSourceProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DataSourceProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(DataSourceCreatedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into data_source_view (source_id, tenant_id, name, protocol_type, connector_config, created_at)
                values (?, ?, ?, ?, cast(? as jsonb), ?)
                on conflict (source_id) do update set name = excluded.name, connector_config = excluded.connector_config""")
                .params(event.sourceId().value(), event.tenantId(), event.name(), event.protocolType().name(),
                        json.writeValueAsString(event.connectorConfig()), Timestamp.from(event.createdAt()))
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from data_source_view").update();
    }
}
