package io.fleetloop.api.ingestion;

import java.time.Instant;

public record DataSourceView(String sourceId, String name, ProtocolType protocolType, ConnectorConfig connectorConfig,
                             Instant createdAt) {
}
