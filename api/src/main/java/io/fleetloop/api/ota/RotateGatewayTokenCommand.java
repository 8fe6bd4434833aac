package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets the tenant's DDI gateway token (only its sha256 travels); it replaces the configured one and any earlier one. */
public record RotateGatewayTokenCommand(@TargetAggregateIdentifier GatewayTokenId id, String tenantId, String tokenSha256)
        implements TenantOwned {
}
