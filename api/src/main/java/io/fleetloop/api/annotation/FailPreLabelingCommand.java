package io.fleetloop.api.annotation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailPreLabelingCommand(@TargetAggregateIdentifier AnnotationTaskId taskId, String tenantId, int attempt, String reason) implements io.fleetloop.api.common.TenantOwned {
}
