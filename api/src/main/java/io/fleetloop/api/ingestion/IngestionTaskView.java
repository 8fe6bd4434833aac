package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.Modality;

import java.time.Instant;
import java.util.List;

/** Status and progress of an ingestion task; counts grow while it runs. */
public record IngestionTaskView(String taskId, String sourceId, IngestionTaskStatus status, String includePattern,
                                String targetPath, Modality modality, int attempt, int objectCount,
                                int duplicateCount, long totalBytes, List<String> assetIds, String errorMessage,
                                Instant createdAt, Instant startedAt, Instant finishedAt) {
}
