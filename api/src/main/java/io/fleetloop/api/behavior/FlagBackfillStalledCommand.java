package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sent by the backfill process's deadline: the loop waited too long for {@code awaitedStage}. */
public record FlagBackfillStalledCommand(@TargetAggregateIdentifier FeedbackDecisionId decisionId, String tenantId,
                                         BackfillStage awaitedStage, Instant waitingSince, Instant flaggedAt) implements TenantOwned {
}
