package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** A new version of a scenario (same type); answers the new version number. Earlier versions stay runnable. */
public record ReviseSimulationScenarioCommand(@TargetAggregateIdentifier SimulationScenarioId scenarioId, String tenantId, String name,
                                              Map<String, ParamRange> scenarioParams) implements TenantOwned {
}
