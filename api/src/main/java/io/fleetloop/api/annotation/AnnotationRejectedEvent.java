package io.fleetloop.api.annotation;

import java.time.Instant;

public record AnnotationRejectedEvent(AnnotationResultId resultId, String tenantId, AnnotationTaskId taskId, int revision,
                                      String reason, Instant rejectedAt) implements AnnotationResultEvent {
}
