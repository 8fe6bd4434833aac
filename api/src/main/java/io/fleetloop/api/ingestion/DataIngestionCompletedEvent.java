package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

import java.time.Instant;
import java.util.List;

/**
 * Seed 000 §2 step 7. {@code assetIds}/{@code storagePaths} list the distinct assets of this run, in the
 * order they were ingested ({@code assets} has the same with size and hash); {@code objectCount}/{@code totalBytes} count every source object read.
 */
public record DataIngestionCompletedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId,
                                          List<AssetId> assetIds, List<String> storagePaths, Modality modality,
                                          List<IngestedAsset> assets, int objectCount, int duplicateCount,
                                          long totalBytes, Instant completedAt) implements IngestionTaskEvent {
    public DataIngestionCompletedEvent {
        assetIds = List.copyOf(assetIds);
        storagePaths = List.copyOf(storagePaths);
        assets = List.copyOf(assets);
    }
}
