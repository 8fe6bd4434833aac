package io.fleetloop.api.annotation;

import java.util.List;

public record AnnotationTasksResponse(List<AnnotationTaskView> items, int page, int size, long total) {
}
