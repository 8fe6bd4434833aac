package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every mined asset carries its tags now: the job is complete. */
public record CompleteSceneMiningCommand(@TargetAggregateIdentifier SceneMiningJobId jobId, String tenantId) implements TenantOwned {
}
