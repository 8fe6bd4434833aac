package io.fleetloop.api.annotation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ApproveAnnotationCommand(@TargetAggregateIdentifier AnnotationResultId resultId, String tenantId) implements io.fleetloop.api.common.TenantOwned {
}
