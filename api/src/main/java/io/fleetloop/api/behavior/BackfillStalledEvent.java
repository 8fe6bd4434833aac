package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record BackfillStalledEvent(FeedbackDecisionId decisionId, String tenantId, BackfillStage awaitedStage, Instant waitingSince,
                                   Instant flaggedAt) implements TenantOwned {
}
