package io.fleetloop.api.ingestion;

import java.time.Instant;

/** A listed source object was not ingested because it had vanished before it was read; {@code reason} says how. */
public record ObjectSkippedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId, String sourceKey,
                                 String reason, Instant skippedAt) implements IngestionTaskEvent {
}
