package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The rollout gate found the new version's trigger rate worse than the old one's: pause the rollout with the evidence. */
public record TripRolloutGateCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, RolloutGateEvidence evidence)
        implements TenantOwned {
}
