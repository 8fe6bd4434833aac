package io.fleetloop.api.annotation;

import io.fleetloop.api.common.PageRequest;

public record ListAnnotationTasksQuery(String tenantId, AnnotationTaskStatus status, PageRequest page) {
}
