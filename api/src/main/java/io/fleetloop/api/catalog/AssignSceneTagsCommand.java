package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** Replaces the asset's scene tags with the given set. */
public record AssignSceneTagsCommand(@TargetAggregateIdentifier AssetId assetId, String tenantId,
                                     Set<String> sceneTags) implements TenantOwned {
    public AssignSceneTagsCommand {
        sceneTags = Set.copyOf(sceneTags);
    }
}
