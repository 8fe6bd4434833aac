package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Sent by the backfill process when the loop of {@code decisionId} reaches {@code stage}; {@code refs} name what
 * reached it (ingestion task, asset, annotation task, dataset, model version, release task ids). A stage is recorded
 * once: repeating it records nothing. {@code reachedAt} is the time of the event that proved it.
 */
public record RecordBackfillStageCommand(@TargetAggregateIdentifier FeedbackDecisionId decisionId, String tenantId,
                                         BackfillStage stage, List<String> refs, Instant reachedAt) implements TenantOwned {
    public RecordBackfillStageCommand {
        refs = refs == null ? List.of() : List.copyOf(refs);
    }
}
