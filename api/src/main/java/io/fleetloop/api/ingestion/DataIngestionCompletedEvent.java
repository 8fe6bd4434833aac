package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

import java.time.Instant;
import java.util.List;

/**
 * Seed 000 §2 step 7. {@code assetIds}/{@code storagePaths} list the distinct assets of this run, in the
 * order they were ingested ({@code assets} has the same with size and hash); {@code objectCount}/{@code totalBytes} count every source object read.
 * <p>A task that delivers in batches (a Kafka source, HTTP uploads) announces each batch on its own: {@code batch}
 * names it, the lists hold that batch's asset, and the task stays running. Its final completion (batch null) then
 * lists only the assets no batch announced (none), while the counts cover the whole task.
 * <p>{@code skippedCount} counts the source keys the task skipped (they had vanished when they were read) and did not
 * ingest later; it is not part of {@code objectCount}. It is 0 for a batch, and in events written before it was recorded.
 */
public record DataIngestionCompletedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId,
                                          List<AssetId> assetIds, List<String> storagePaths, Modality modality,
                                          List<IngestedAsset> assets, int objectCount, int duplicateCount,
                                          long totalBytes, Instant completedAt, IngestionBatch batch,
                                          int skippedCount) implements IngestionTaskEvent {
    public DataIngestionCompletedEvent {
        assetIds = List.copyOf(assetIds);
        storagePaths = List.copyOf(storagePaths);
        assets = List.copyOf(assets);
    }

    /** The completion of one batch (nothing skipped). */
    public DataIngestionCompletedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId,
                                       List<AssetId> assetIds, List<String> storagePaths, Modality modality,
                                       List<IngestedAsset> assets, int objectCount, int duplicateCount,
                                       long totalBytes, Instant completedAt, IngestionBatch batch) {
        this(taskId, tenantId, sourceId, assetIds, storagePaths, modality, assets, objectCount, duplicateCount,
                totalBytes, completedAt, batch, 0);
    }

    /** The completion of a whole task (no batch) that skipped nothing. */
    public DataIngestionCompletedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId,
                                       List<AssetId> assetIds, List<String> storagePaths, Modality modality,
                                       List<IngestedAsset> assets, int objectCount, int duplicateCount,
                                       long totalBytes, Instant completedAt) {
        this(taskId, tenantId, sourceId, assetIds, storagePaths, modality, assets, objectCount, duplicateCount,
                totalBytes, completedAt, null, 0);
    }
}
