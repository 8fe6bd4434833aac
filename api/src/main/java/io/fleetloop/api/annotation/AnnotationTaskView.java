package io.fleetloop.api.annotation;

import java.time.Instant;

public record AnnotationTaskView(String taskId, String name, AnnotationTaskStatus status, AnnotationType annotationType,
                                 String labeler, int assetCount, int resultCount, int approvedCount, int rejectedCount,
                                 int attempt, String errorMessage, String origin, Instant createdAt, Instant completedAt) {
}
