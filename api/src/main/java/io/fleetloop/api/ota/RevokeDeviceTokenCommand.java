package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraws a device's security token: the device can then only speak through its tenant's gateway, until rotated. */
public record RevokeDeviceTokenCommand(@TargetAggregateIdentifier DeviceUid uid, String tenantId, String deviceId) implements TenantOwned {
}
