package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Seed 000 §9 step 3: the asset's mined tags are now these (tags set by hand stay). */
public record ApplyMinedSceneTagsCommand(@TargetAggregateIdentifier AssetId assetId, String tenantId, SceneMiningJobId jobId,
                                         int rulesVersion, MinedAsset mined) implements TenantOwned {
}
