package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks a running task to stop after its current item; the items generated so far are kept and registered. */
public record CancelSimulationTaskCommand(@TargetAggregateIdentifier SimulationTaskId taskId, String tenantId) implements TenantOwned {
}
