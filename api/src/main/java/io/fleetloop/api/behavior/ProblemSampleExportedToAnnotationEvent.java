package io.fleetloop.api.behavior;

import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/** Seed 000 §4 steps 7–8: the sample's assets went to annotation as {@code annotationTaskId}. */
public record ProblemSampleExportedToAnnotationEvent(ProblemSampleId sampleId, String tenantId, AnnotationTaskId annotationTaskId,
                                                     List<AssetId> assetIds, Instant exportedAt) implements TenantOwned {
    public ProblemSampleExportedToAnnotationEvent {
        assetIds = List.copyOf(assetIds);
    }
}
