package io.fleetloop.api.annotation;

import java.time.Instant;
import java.util.List;

public record PreLabelingCompletedEvent(AnnotationTaskId taskId, String tenantId, List<AnnotationResultId> resultIds,
                                        Instant completedAt) implements AnnotationTaskEvent {
}
