package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;

/** Events of the SimulationScenario aggregate. */
public interface SimulationScenarioEvent extends TenantOwned {
    SimulationScenarioId scenarioId();
}
