package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterDeviceCommand(@TargetAggregateIdentifier DeviceUid uid, String tenantId, DeviceRegistration device) implements TenantOwned {
}
