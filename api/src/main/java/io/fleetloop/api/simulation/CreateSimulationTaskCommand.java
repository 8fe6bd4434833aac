package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Seed 000 §5 steps 2/4: generate {@code batchSize} items of a scenario version with {@code seed} (the same seed
 * generates the same bytes). {@code origin}: who asked (a user, a workflow node, an orchestration rule).
 */
public record CreateSimulationTaskCommand(@TargetAggregateIdentifier SimulationTaskId taskId, String tenantId, ScenarioVersion scenario,
                                          int batchSize, long seed, String origin) implements TenantOwned {
}
