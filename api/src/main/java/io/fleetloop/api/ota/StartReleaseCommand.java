package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Starts the rollout over the devices eligible now (type + filter, not already on the version), in a stable order. */
public record StartReleaseCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, List<String> eligibleDeviceIds) implements TenantOwned {
    public StartReleaseCommand {
        eligibleDeviceIds = List.copyOf(eligibleDeviceIds);
    }
}
