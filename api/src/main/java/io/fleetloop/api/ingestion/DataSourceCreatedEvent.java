package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record DataSourceCreatedEvent(DataSourceId sourceId, String tenantId, String name, ProtocolType protocolType,
                                     ConnectorConfig connectorConfig, Instant createdAt) implements TenantOwned {
}
