package io.fleetloop.api.annotation;

import io.fleetloop.api.common.PageRequest;

/** Results of one task (or of all the tenant's tasks when taskId is null), optionally of one QC queue. */
public record ListAnnotationResultsQuery(String tenantId, AnnotationTaskId taskId, ReviewQueue queue, PageRequest page) {
}
