package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ResumeReleaseCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId) implements TenantOwned {
}
