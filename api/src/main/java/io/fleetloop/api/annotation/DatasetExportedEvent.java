package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;

import java.time.Instant;
import java.util.List;

/** Version {@code version} of the task's dataset in {@code format}: exactly these approved result revisions. */
public record DatasetExportedEvent(AnnotationTaskId taskId, String tenantId, AssetId datasetAssetId, ExportFormat format, int version,
                                   String storagePath, String sha256, long sizeBytes, List<ExportedResult> results,
                                   Instant exportedAt) implements AnnotationTaskEvent {
}
