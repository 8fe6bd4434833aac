package io.fleetloop.api.lineage;

import io.fleetloop.api.common.FleetloopException;

/** The lineage of one node of the tenant, {@code depth} edges up, down or both ways; answers {@code Optional<LineageGraph>}. */
public record LineageQuery(String tenantId, String nodeId, LineageDirection direction, int depth) {

    public static final int MAX_DEPTH = 10;
    public static final int MAX_NODES = 5000;

    public LineageQuery {
        if (nodeId == null || nodeId.isBlank()) throw FleetloopException.invalid("nodeId", "must not be blank");
        if (depth < 1 || depth > MAX_DEPTH) throw FleetloopException.invalid("depth", "must be between 1 and " + MAX_DEPTH);
        if (direction == null) direction = LineageDirection.BOTH;
    }
}
