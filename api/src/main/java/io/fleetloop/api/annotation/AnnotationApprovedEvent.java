package io.fleetloop.api.annotation;

import java.time.Instant;

/** {@code spotCheck}: this approved result was drawn for a second look. */
public record AnnotationApprovedEvent(AnnotationResultId resultId, String tenantId, AnnotationTaskId taskId, int revision,
                                      boolean spotCheck, Instant approvedAt) implements AnnotationResultEvent {
}
