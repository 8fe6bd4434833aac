package io.fleetloop.api.annotation;

/**
 * Builds the export of an annotation task's approved results in {@code format} exactly as
 * {@code GET /v1/annotation-tasks/{taskId}/export} does and stores the file (content-addressed, so building the same
 * content twice stores the same object): answers a {@link DatasetExportFile}. Registering and recording the dataset
 * are the caller's commands (a workflow's {@code export-dataset} node).
 */
public record BuildDatasetExportQuery(String tenantId, AnnotationTaskId taskId, ExportFormat format) {
}
