package io.fleetloop.api.orchestration;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

/** One file of a triggered clip, landed in the object store: the catalog asset it becomes (content-addressed). */
public record TriggeredClip(AssetId assetId, String storagePath, long sizeBytes, String sha256, Modality modality) {
}
