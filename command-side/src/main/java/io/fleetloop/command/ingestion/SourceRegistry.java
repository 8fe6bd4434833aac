package io.fleetloop.command.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.ProtocolType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Command-side lookup table of data sources (set-based validation: unique names per tenant, and the
 * source a new ingestion task refers to). Kept by {@link IngestionLookupTables} in the same transaction as
 * the event; never a read model.
 */
@Component
public class SourceRegistry {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SourceRegistry(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<RegisteredSource> find(DataSourceId sourceId) {
        return jdbc.sql("select tenant_id, name, protocol_type, connector_config from ingestion_source_registry where source_id = ?")
                .param(sourceId.value())
                .query((rs, i) -> new RegisteredSource(rs.getString(1), rs.getString(2),
                        ProtocolType.valueOf(rs.getString(3)), read(rs.getString(4))))
                .optional();
    }

    boolean nameTaken(String tenantId, String name) {
        return jdbc.sql("select count(*) from ingestion_source_registry where tenant_id = ? and name = ?")
                .params(tenantId, name).query(Long.class).single() > 0;
    }

    void add(DataSourceCreatedEvent event) {
        jdbc.sql("insert into ingestion_source_registry (source_id, tenant_id, name, protocol_type, connector_config) values (?, ?, ?, ?, cast(? as jsonb))")
                .params(event.sourceId().value(), event.tenantId(), event.name(), event.protocolType().name(),
                        write(event.connectorConfig()))
                .update();
    }

    private ConnectorConfig read(String value) {
        try {
            return json.readValue(value, ConnectorConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable connector config in source registry", e);
        }
    }

    private String write(ConnectorConfig config) {
        try {
            return json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
