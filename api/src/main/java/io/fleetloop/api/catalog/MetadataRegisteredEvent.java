package io.fleetloop.api.catalog;

import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;

import java.time.Instant;

/** Seed 000 §2 step 10: an asset entered the catalog. */
public record MetadataRegisteredEvent(AssetId assetId, String tenantId, DataSourceId sourceId,
                                      IngestionTaskId ingestionTaskId, String storagePath, long sizeBytes,
                                      String sha256, Modality modality, Instant ingestedAt) implements DataAssetEvent {
}
