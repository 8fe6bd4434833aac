package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RollbackReleaseCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, String reason) implements TenantOwned {
}
