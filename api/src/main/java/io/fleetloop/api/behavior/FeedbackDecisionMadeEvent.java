package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/** Seed 000 §4 step 11 FeedbackDecisionMade (Kafka {@code behavior.feedback-decision}: sampleIds[], nextIngestionScope). */
public record FeedbackDecisionMadeEvent(FeedbackDecisionId decisionId, String tenantId, List<ProblemSampleId> sampleIds,
                                        NextIngestionScope nextIngestionScope, String decidedBy, Instant decidedAt)
        implements TenantOwned {
    public FeedbackDecisionMadeEvent {
        sampleIds = List.copyOf(sampleIds);
    }
}
