package io.fleetloop.api.annotation;

import java.time.Instant;
import java.util.List;

public record AnnotationResultView(String resultId, String taskId, String assetId, ResultStatus status, ReviewQueue queue,
                                   int revision, List<Label> labels, String labeler, String rejectionReason, Instant updatedAt) {
}
