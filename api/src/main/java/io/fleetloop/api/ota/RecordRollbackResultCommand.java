package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A device's terminal result for the rollback action (reinstalling the previous version). Repeats are ignored. */
public record RecordRollbackResultCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, String deviceId,
                                          boolean success, String detail) implements TenantOwned {
}
