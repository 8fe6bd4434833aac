package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Sent by the simulation job for each item written to the object store (idempotent by {@code index}); answers
 * whether the job should go on (false once a cancel was requested).
 */
public record RecordSimulationItemCommand(@TargetAggregateIdentifier SimulationTaskId taskId, String tenantId, int index,
                                          List<SimulationOutput> outputs, double cpuSeconds) implements TenantOwned {
    public RecordSimulationItemCommand {
        outputs = List.copyOf(outputs);
    }
}
