package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraws the tenant's DDI gateway token, the configured one included, until a new one is set. */
public record RevokeGatewayTokenCommand(@TargetAggregateIdentifier GatewayTokenId id, String tenantId) implements TenantOwned {
}
