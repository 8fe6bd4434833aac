package io.fleetloop.api.ingestion;

import java.time.Instant;

/** {@code attempt} counts starts of the same task (a failed task may be started again). */
public record DataIngestionStartedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId,
                                        ProtocolType protocolType, ConnectorConfig connectorConfig,
                                        IngestionRule ingestionRule, int attempt, Instant startedAt) implements IngestionTaskEvent {
}
