package io.fleetloop.api.catalog;

import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;

import java.time.Instant;
import java.util.Map;

/** Seed 000 §2 step 10: an asset entered the catalog, with the attributes of the object that brought it. */
public record MetadataRegisteredEvent(AssetId assetId, String tenantId, DataSourceId sourceId,
                                      IngestionTaskId ingestionTaskId, String storagePath, long sizeBytes,
                                      String sha256, Modality modality, Instant ingestedAt,
                                      Map<String, String> attributes) implements DataAssetEvent {
    public MetadataRegisteredEvent {
        attributes = AssetAttributes.copyOf(attributes);
    }
}
