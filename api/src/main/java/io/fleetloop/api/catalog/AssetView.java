package io.fleetloop.api.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record AssetView(String assetId, String sourceId, String ingestionTaskId, String storagePath, long sizeBytes,
                        String sha256, Modality modality, List<String> sceneTags, Instant ingestedAt,
                        Map<String, String> attributes, List<String> longTailTags) {
    public AssetView {
        attributes = AssetAttributes.copyOf(attributes);
        longTailTags = longTailTags == null ? List.of() : List.copyOf(longTailTags);
    }

    public AssetView(String assetId, String sourceId, String ingestionTaskId, String storagePath, long sizeBytes, String sha256,
                     Modality modality, List<String> sceneTags, Instant ingestedAt, Map<String, String> attributes) {
        this(assetId, sourceId, ingestionTaskId, storagePath, sizeBytes, sha256, modality, sceneTags, ingestedAt, attributes, List.of());
    }
}
