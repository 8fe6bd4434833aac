package io.fleetloop.api.catalog;

import java.util.List;
import java.util.Map;

/** Long-tail tags computed; the assets' metadata is updated next (step 3). */
public record LongTailTagsComputedEvent(SceneMiningJobId jobId, String tenantId, int rulesVersion, List<MinedAsset> assets,
                                        long minedAssets, Map<String, Long> combinationCounts) implements SceneMiningEvent {
    public LongTailTagsComputedEvent {
        assets = List.copyOf(assets);
        combinationCounts = Map.copyOf(combinationCounts);
    }
}
