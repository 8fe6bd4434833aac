package io.fleetloop.api.annotation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the QC process once every result of the task is approved. */
public record CompleteAnnotationTaskCommand(@TargetAggregateIdentifier AnnotationTaskId taskId, String tenantId) implements io.fleetloop.api.common.TenantOwned {
}
