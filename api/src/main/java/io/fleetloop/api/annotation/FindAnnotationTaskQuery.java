package io.fleetloop.api.annotation;

public record FindAnnotationTaskQuery(String tenantId, AnnotationTaskId taskId) {
}
