package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A device's non-terminal DDI feedback that moves its action to another stage (e.g. {@code download},
 * {@code downloaded}, {@code proceeding}): recorded as {@link DeviceActionProgressedEvent} so it is history and replays.
 */
public record RecordDeviceProgressCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, String deviceId, ActionKind kind,
                                          String execution, String detail) implements TenantOwned {
}
