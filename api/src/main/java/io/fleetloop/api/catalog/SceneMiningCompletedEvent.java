package io.fleetloop.api.catalog;

import java.util.List;

/**
 * Seed 000 §9 step 4 (Kafka {@code catalog.scene-mining-completed}): the mined assets, the union of their scene tags
 * and long-tail tags, and each asset's own.
 */
public record SceneMiningCompletedEvent(SceneMiningJobId jobId, String tenantId, List<AssetId> assetIds, List<String> sceneTags,
                                        List<String> longTailTags, List<MinedAsset> assets, int rulesVersion)
        implements SceneMiningEvent {
    public SceneMiningCompletedEvent {
        assetIds = List.copyOf(assetIds);
        sceneTags = List.copyOf(sceneTags);
        longTailTags = List.copyOf(longTailTags);
        assets = List.copyOf(assets);
    }
}
