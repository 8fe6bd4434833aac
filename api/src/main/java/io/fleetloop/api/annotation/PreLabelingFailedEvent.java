package io.fleetloop.api.annotation;

import java.time.Instant;

public record PreLabelingFailedEvent(AnnotationTaskId taskId, String tenantId, int attempt, String reason, Instant failedAt) implements AnnotationTaskEvent {
}
