package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;

import java.time.Instant;
import java.util.List;

public record AnnotationResultCreatedEvent(AnnotationResultId resultId, String tenantId, AnnotationTaskId taskId, AssetId assetId,
                                           AnnotationType annotationType, List<Label> labels, int revision, String labeler,
                                           double spotCheckRate, Instant createdAt) implements AnnotationResultEvent {
}
