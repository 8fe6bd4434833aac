package io.fleetloop.api.catalog;

import java.util.List;

/**
 * A scene-mining job updated the asset: its mined tags, the combinations counted for the long tail and the rare ones.
 * When the asset's whole tag set changed, a {@link SceneTagsAssignedEvent} with the new set follows.
 */
public record AssetSceneTagsUpdatedEvent(AssetId assetId, String tenantId, SceneMiningJobId jobId, int rulesVersion,
                                         List<String> minedTags, List<String> combinations, List<String> longTailTags)
        implements DataAssetEvent {
    public AssetSceneTagsUpdatedEvent {
        minedTags = List.copyOf(minedTags);
        combinations = List.copyOf(combinations);
        longTailTags = List.copyOf(longTailTags);
    }
}
