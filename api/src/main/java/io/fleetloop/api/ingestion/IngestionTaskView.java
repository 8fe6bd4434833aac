package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.Modality;

import java.time.Instant;
import java.util.List;

/**
 * Status and progress of an ingestion task; counts grow while it runs. {@code skippedCount} counts the source
 * objects skipped because they vanished between listing and reading, and not ingested by the task since (not in
 * {@code objectCount}); {@code skippedObjects} lists up to {@value #SKIPPED_OBJECTS_LISTED} of them, the first ones in the
 * order they were skipped.
 */
public record IngestionTaskView(String taskId, String sourceId, IngestionTaskStatus status, String includePattern,
                                String targetPath, Modality modality, int attempt, int objectCount,
                                int duplicateCount, long totalBytes, List<String> assetIds, String errorMessage,
                                Instant createdAt, Instant startedAt, Instant finishedAt, int skippedCount,
                                List<SkippedObject> skippedObjects) {

    /** How many skipped objects a view lists at most; {@code skippedCount} goes on counting past it. */
    public static final int SKIPPED_OBJECTS_LISTED = 100;
}
