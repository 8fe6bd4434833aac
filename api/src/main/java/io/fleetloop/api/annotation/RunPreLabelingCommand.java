package io.fleetloop.api.annotation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RunPreLabelingCommand(@TargetAggregateIdentifier AnnotationTaskId taskId, String tenantId) implements io.fleetloop.api.common.TenantOwned {
}
