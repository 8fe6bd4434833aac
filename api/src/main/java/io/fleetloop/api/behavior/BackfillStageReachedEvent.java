package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/** The loop of {@code decisionId} reached {@code stage} at {@code reachedAt} (see {@link RecordBackfillStageCommand}). */
public record BackfillStageReachedEvent(FeedbackDecisionId decisionId, String tenantId, BackfillStage stage, List<String> refs,
                                        Instant reachedAt) implements TenantOwned {
    public BackfillStageReachedEvent {
        refs = refs == null ? List.of() : List.copyOf(refs);
    }
}
