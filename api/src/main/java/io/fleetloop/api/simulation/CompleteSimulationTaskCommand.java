package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the job when it stops: all items generated, or stopped by a cancel. */
public record CompleteSimulationTaskCommand(@TargetAggregateIdentifier SimulationTaskId taskId, String tenantId) implements TenantOwned {
}
