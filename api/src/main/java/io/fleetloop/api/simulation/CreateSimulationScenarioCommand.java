package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Seed 000 §5 step 1: a validated, versioned scenario definition (version 1). */
public record CreateSimulationScenarioCommand(@TargetAggregateIdentifier SimulationScenarioId scenarioId, String tenantId, String name,
                                              ScenarioType scenarioType, Map<String, ParamRange> scenarioParams) implements TenantOwned {
}
