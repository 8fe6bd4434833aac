package io.fleetloop.api.catalog;

import java.util.List;

/** The asset's scene tags are now exactly {@code sceneTags} (sorted). */
public record SceneTagsAssignedEvent(AssetId assetId, String tenantId, List<String> sceneTags) implements DataAssetEvent {
    public SceneTagsAssignedEvent {
        sceneTags = List.copyOf(sceneTags);
    }
}
