package io.fleetloop.api.behavior;

import io.fleetloop.api.common.FleetloopException;

import java.time.Instant;

/** The closed-loop KPI of the tenant's loops decided in {@code [from, to)}; answers {@link ClosedLoopKpiReport}. */
public record FindClosedLoopKpiQuery(String tenantId, Instant from, Instant to) {

    public static final int MAX_LOOPS = 1000;

    public FindClosedLoopKpiQuery {
        if (from != null && to != null && !from.isBefore(to)) throw FleetloopException.invalid("from", "must be before to");
    }
}
