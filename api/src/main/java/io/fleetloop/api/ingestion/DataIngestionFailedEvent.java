package io.fleetloop.api.ingestion;

import java.time.Instant;

/** Seed 000 §2 step 7a. */
public record DataIngestionFailedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId,
                                       String errorMessage, Instant failedAt) implements IngestionTaskEvent {
}
