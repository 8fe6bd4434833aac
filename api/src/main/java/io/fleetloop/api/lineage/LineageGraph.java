package io.fleetloop.api.lineage;

import java.util.List;

/**
 * What a walk from {@code root} reached: the nodes and the edges between them. {@code truncated}: the walk reached more
 * than {@link LineageQuery#MAX_NODES} nodes and the farthest were left out.
 */
public record LineageGraph(LineageNode root, List<LineageNode> nodes, List<LineageEdge> edges, boolean truncated) {

    public LineageGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
