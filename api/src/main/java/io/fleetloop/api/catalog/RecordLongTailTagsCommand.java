package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/**
 * The long-tail step's result (step 2, second half): each asset with its rare combinations, the number of the
 * tenant's mined assets the frequencies were taken over, and each combination's count.
 */
public record RecordLongTailTagsCommand(@TargetAggregateIdentifier SceneMiningJobId jobId, String tenantId,
                                        List<MinedAsset> assets, long minedAssets, Map<String, Long> combinationCounts)
        implements TenantOwned {
    public RecordLongTailTagsCommand {
        assets = List.copyOf(assets);
        combinationCounts = Map.copyOf(combinationCounts);
    }
}
