package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;

import java.time.Instant;
import java.util.List;

public record AnnotationTaskCreatedEvent(AnnotationTaskId taskId, String tenantId, String name, List<AssetId> assetIds,
                                         AnnotationType annotationType, PreLabelConfig preLabelConfig, QcPolicy qcPolicy,
                                         String origin, Instant createdAt) implements AnnotationTaskEvent {
}
