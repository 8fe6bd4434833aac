package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Starts the rollout. Without {@code deviceIds} the registry's eligible devices are taken (type + filter, not
 * already on the version, in a stable order); named devices must be registered devices of the target type.
 */
public record StartReleaseCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, List<String> deviceIds) implements TenantOwned {
    public StartReleaseCommand {
        deviceIds = deviceIds == null ? null : List.copyOf(deviceIds);
    }
}
