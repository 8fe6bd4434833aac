package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;

import java.time.Instant;
import java.util.List;

/** Carries what the pre-labeling job needs (assets, type, labeler, QC policy), so the job needs no look-up of the task. */
public record PreLabelingStartedEvent(AnnotationTaskId taskId, String tenantId, int attempt, List<AssetId> assetIds,
                                      AnnotationType annotationType, PreLabelConfig preLabelConfig, QcPolicy qcPolicy,
                                      Instant startedAt) implements AnnotationTaskEvent {
}
