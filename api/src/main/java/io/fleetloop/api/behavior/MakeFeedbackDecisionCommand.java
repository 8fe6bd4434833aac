package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Seed 000 §4 steps 9–10 TriggerBackfill: the scope is computed by the FeedbackDecisionService before this is sent. */
public record MakeFeedbackDecisionCommand(@TargetAggregateIdentifier FeedbackDecisionId decisionId, String tenantId,
                                          List<ProblemSampleId> sampleIds, NextIngestionScope nextIngestionScope,
                                          String decidedBy) implements TenantOwned {
    public MakeFeedbackDecisionCommand {
        sampleIds = List.copyOf(sampleIds);
    }
}
