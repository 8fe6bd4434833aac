package io.fleetloop.api.behavior;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/**
 * Seed 000 §4 step 6 ProblemSampleIdentified (Kafka {@code behavior.problem-identified}: sampleId, sessionId,
 * problemType). Carries the session's assets and device so later steps need no lookup.
 */
public record ProblemSampleIdentifiedEvent(ProblemSampleId sampleId, String tenantId, BehaviorSessionId sessionId,
                                           ProblemType problemType, RootCauseSegment rootCauseSegment, Severity severity,
                                           String notes, List<AssetId> assetIds, String deviceId, List<String> sceneTags,
                                           String identifiedBy, Instant identifiedAt) implements TenantOwned {
    public ProblemSampleIdentifiedEvent {
        assetIds = List.copyOf(assetIds);
        sceneTags = sceneTags == null ? List.of() : List.copyOf(sceneTags);
    }
}
