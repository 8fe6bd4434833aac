package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetAttributes;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

import java.time.Instant;
import java.util.Map;

/**
 * One source object landed. A {@code duplicate} points at the asset that already holds the same content.
 * {@code attributes} are the object's user metadata (empty for events written before they were recorded).
 * {@code skippedBefore}: the task had skipped this source key (it had vanished when an earlier run read it) and now
 * ingested it, so it is skipped no more (false in events written before this was recorded).
 */
public record ObjectIngestedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId, String sourceKey,
                                  AssetId assetId, String storagePath, long sizeBytes, String sha256,
                                  Modality modality, boolean duplicate, Instant ingestedAt,
                                  Map<String, String> attributes, boolean skippedBefore) implements IngestionTaskEvent {
    public ObjectIngestedEvent {
        attributes = AssetAttributes.copyOf(attributes);
    }

    /** An object whose key the task had not skipped. */
    public ObjectIngestedEvent(IngestionTaskId taskId, String tenantId, DataSourceId sourceId, String sourceKey,
                               AssetId assetId, String storagePath, long sizeBytes, String sha256,
                               Modality modality, boolean duplicate, Instant ingestedAt, Map<String, String> attributes) {
        this(taskId, tenantId, sourceId, sourceKey, assetId, storagePath, sizeBytes, sha256, modality, duplicate, ingestedAt,
                attributes, false);
    }
}
