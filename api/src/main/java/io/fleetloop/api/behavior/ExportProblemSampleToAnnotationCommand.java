package io.fleetloop.api.behavior;

import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Seed 000 §4 steps 7–8: record that the sample's assets went to annotation as {@code annotationTaskId} (created just before). */
public record ExportProblemSampleToAnnotationCommand(@TargetAggregateIdentifier ProblemSampleId sampleId, String tenantId,
                                                     AnnotationTaskId annotationTaskId) implements TenantOwned {
}
