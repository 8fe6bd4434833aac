package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** For {@link AttributeUpdateMode#REMOVE} only the keys of {@code data} matter. */
public record UpdateDeviceAttributesCommand(@TargetAggregateIdentifier DeviceUid uid, String tenantId, String deviceId,
                                            AttributeUpdateMode mode, Map<String, String> data) implements TenantOwned {
}
