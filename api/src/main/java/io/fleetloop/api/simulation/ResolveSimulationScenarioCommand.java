package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks a scenario for one of its versions (null: the latest) so a task can be created over it; answers a
 * {@link ScenarioVersion} and changes nothing. Another tenant's scenario or an unknown version: not found.
 */
public record ResolveSimulationScenarioCommand(@TargetAggregateIdentifier SimulationScenarioId scenarioId, String tenantId,
                                               Integer version) implements TenantOwned {
}
