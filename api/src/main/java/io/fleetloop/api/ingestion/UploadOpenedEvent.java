package io.fleetloop.api.ingestion;

import java.time.Instant;

/** A client was given upload URLs for one file of an HTTP-upload task; the file is registered when its upload completes. */
public record UploadOpenedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId, String uploadId,
                                String fileName, long sizeBytes, String sha256, Instant openedAt) implements IngestionTaskEvent {
}
