package io.fleetloop.api.behavior;

import java.time.Instant;
import java.util.List;

/**
 * A feedback decision and its backfill's progress: each stage reached (in the order reached) with what reached it,
 * and the stalls flagged while waiting. {@code awaitedStage} is the next stage not reached yet ({@code null} once the
 * rollout completed).
 */
public record FeedbackDecisionView(String decisionId, List<String> sampleIds, NextIngestionScope nextIngestionScope, String decidedBy,
                                   Instant decidedAt, BackfillStage awaitedStage, List<Stage> stages, List<Stall> stalls) {

    public record Stage(BackfillStage stage, List<String> refs, Instant reachedAt) {
    }

    public record Stall(BackfillStage awaitedStage, Instant waitingSince, Instant flaggedAt) {
    }
}
