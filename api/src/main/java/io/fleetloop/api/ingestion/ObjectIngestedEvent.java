package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

import java.time.Instant;

/** One source object landed. A {@code duplicate} points at the asset that already holds the same content. */
public record ObjectIngestedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId, String sourceKey,
                                  AssetId assetId, String storagePath, long sizeBytes, String sha256,
                                  Modality modality, boolean duplicate, Instant ingestedAt) implements IngestionTaskEvent {
}
