package io.fleetloop.api.annotation;

import io.fleetloop.api.common.TenantOwned;

/** Events of one annotation result. */
public interface AnnotationResultEvent extends TenantOwned {
    AnnotationResultId resultId();

    AnnotationTaskId taskId();
}
