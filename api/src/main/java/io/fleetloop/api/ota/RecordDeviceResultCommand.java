package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A device's terminal result for this release (from its DDI feedback). Repeats are ignored. */
public record RecordDeviceResultCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, String deviceId,
                                        boolean success, String detail) implements TenantOwned {
}
