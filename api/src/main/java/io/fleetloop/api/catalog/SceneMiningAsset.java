package io.fleetloop.api.catalog;

import java.time.Instant;
import java.util.Map;

/**
 * An asset as a scene-mining job sees it, carried in the job's request so the job reads no read model: where it is
 * stored, what it holds, its attributes (weather, timezone, ...) and the object classes of its latest pre-label
 * result with their counts.
 */
public record SceneMiningAsset(AssetId assetId, String storagePath, Modality modality, Instant ingestedAt,
                               Map<String, String> attributes, Map<String, Integer> objectClasses) {
    public SceneMiningAsset {
        attributes = AssetAttributes.copyOf(attributes);
        objectClasses = objectClasses == null ? Map.of() : Map.copyOf(objectClasses);
    }
}
