package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The device's answer to a cancelAction of its update (after a rollback): {@code accepted} false when it refused to stop. */
public record ConfirmCancelCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, String deviceId, boolean accepted,
                                   String detail) implements TenantOwned {
}
