package io.fleetloop.api.annotation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RejectAnnotationCommand(@TargetAggregateIdentifier AnnotationResultId resultId, String tenantId, String reason) implements io.fleetloop.api.common.TenantOwned {
}
