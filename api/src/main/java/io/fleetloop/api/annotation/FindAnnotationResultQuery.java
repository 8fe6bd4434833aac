package io.fleetloop.api.annotation;

public record FindAnnotationResultQuery(String tenantId, AnnotationResultId resultId) {
}
