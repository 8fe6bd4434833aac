package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The job derived each asset's scene tags (step 2, first half). */
public record RecordSceneTagsDerivedCommand(@TargetAggregateIdentifier SceneMiningJobId jobId, String tenantId,
                                            List<MinedAsset> assets) implements TenantOwned {
    public RecordSceneTagsDerivedCommand {
        assets = List.copyOf(assets);
    }
}
