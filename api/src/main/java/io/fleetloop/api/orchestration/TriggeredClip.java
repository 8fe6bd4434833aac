package io.fleetloop.api.orchestration;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;

/**
 * One file of a triggered clip, landed in the object store: the catalog asset it becomes (content-addressed), and the
 * trained {@code dictionary} the device compressed it with (null: none, and in events stored before it was recorded).
 */
public record TriggeredClip(AssetId assetId, String storagePath, long sizeBytes, String sha256, Modality modality,
                            CollectionDictionary dictionary) {

    /** A file written without a trained dictionary. */
    public TriggeredClip(AssetId assetId, String storagePath, long sizeBytes, String sha256, Modality modality) {
        this(assetId, storagePath, sizeBytes, sha256, modality, null);
    }
}
