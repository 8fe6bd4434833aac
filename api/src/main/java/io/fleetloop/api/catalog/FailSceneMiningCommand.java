package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailSceneMiningCommand(@TargetAggregateIdentifier SceneMiningJobId jobId, String tenantId, String reason) implements TenantOwned {
}
