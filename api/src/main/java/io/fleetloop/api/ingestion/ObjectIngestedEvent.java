package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetAttributes;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

import java.time.Instant;
import java.util.Map;

/**
 * One source object landed. A {@code duplicate} points at the asset that already holds the same content.
 * {@code attributes} are the object's user metadata (empty for events written before they were recorded).
 */
public record ObjectIngestedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId, String sourceKey,
                                  AssetId assetId, String storagePath, long sizeBytes, String sha256,
                                  Modality modality, boolean duplicate, Instant ingestedAt,
                                  Map<String, String> attributes) implements IngestionTaskEvent {
    public ObjectIngestedEvent {
        attributes = AssetAttributes.copyOf(attributes);
    }
}
