package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a device a new security token (only its sha256 travels); the old token stops working at once. */
public record RotateDeviceTokenCommand(@TargetAggregateIdentifier DeviceUid uid, String tenantId, String deviceId,
                                       String securityTokenSha256) implements TenantOwned {
}
