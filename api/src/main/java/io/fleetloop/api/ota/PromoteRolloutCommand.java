package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The rollout gate found the new version's trigger rate better than the old one's with enough evidence: if the policy
 * allows early promotion ({@link GrayPolicy#earlyPromotion()}), start the next batch now instead of after the interval.
 */
public record PromoteRolloutCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, RolloutGateEvidence evidence)
        implements TenantOwned {
}
