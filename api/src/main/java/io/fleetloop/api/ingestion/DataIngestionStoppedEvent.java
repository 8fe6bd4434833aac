package io.fleetloop.api.ingestion;

import java.time.Instant;

/** A task that delivers in batches was stopped; the batches recorded so far stay, a new start resumes after them. */
public record DataIngestionStoppedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId, String reason,
                                        Instant stoppedAt) implements IngestionTaskEvent {
}
