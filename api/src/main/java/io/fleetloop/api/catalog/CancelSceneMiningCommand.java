package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CancelSceneMiningCommand(@TargetAggregateIdentifier SceneMiningJobId jobId, String tenantId) implements TenantOwned {
}
