package io.fleetloop.api.simulation;

import io.fleetloop.api.common.TenantOwned;

/** Events of the SimulationTask aggregate. */
public interface SimulationTaskEvent extends TenantOwned {
    SimulationTaskId taskId();
}
