package io.fleetloop.api.annotation;

import java.time.Instant;

public record AnnotationTaskCompletedEvent(AnnotationTaskId taskId, String tenantId, Instant completedAt) implements AnnotationTaskEvent {
}
