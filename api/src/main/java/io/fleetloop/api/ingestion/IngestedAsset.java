package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetAttributes;
import io.fleetloop.api.catalog.AssetId;

import java.time.Instant;
import java.util.Map;

/** One distinct asset a completed ingestion delivered, with what the catalog needs to register it. */
public record IngestedAsset(AssetId assetId, String storagePath, long sizeBytes, String sha256, Instant ingestedAt,
                            Map<String, String> attributes) {
    public IngestedAsset {
        attributes = AssetAttributes.copyOf(attributes);
    }
}
