package io.fleetloop.api.ingestion;

import java.time.Instant;

/** Carries a snapshot of the source's protocol and connector config, so the connector needs no look-up. */
public record IngestionTaskCreatedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId,
                                        ProtocolType protocolType, ConnectorConfig connectorConfig,
                                        IngestionRule ingestionRule, Instant createdAt) implements IngestionTaskEvent {
}
