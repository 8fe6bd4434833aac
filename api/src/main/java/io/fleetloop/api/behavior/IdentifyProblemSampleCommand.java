package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Seed 000 §4 step 5 IdentifyProblemSample. */
public record IdentifyProblemSampleCommand(@TargetAggregateIdentifier ProblemSampleId sampleId, String tenantId,
                                           BehaviorSessionId sessionId, ProblemType problemType, RootCauseSegment rootCauseSegment,
                                           Severity severity, String notes, String identifiedBy) implements TenantOwned {
}
