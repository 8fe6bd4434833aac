package io.fleetloop.api.annotation;

import java.time.Instant;
import java.util.List;

public record AnnotationCorrectedEvent(AnnotationResultId resultId, String tenantId, AnnotationTaskId taskId, int revision,
                                       List<Label> labels, Instant correctedAt) implements AnnotationResultEvent {
}
