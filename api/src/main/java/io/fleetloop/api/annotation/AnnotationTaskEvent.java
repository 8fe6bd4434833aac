package io.fleetloop.api.annotation;

import io.fleetloop.api.common.TenantOwned;

/** Events of one annotation task. */
public interface AnnotationTaskEvent extends TenantOwned {
    AnnotationTaskId taskId();
}
