package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the job's last try. */
public record FailSimulationTaskCommand(@TargetAggregateIdentifier SimulationTaskId taskId, String tenantId, String reason)
        implements TenantOwned {
}
