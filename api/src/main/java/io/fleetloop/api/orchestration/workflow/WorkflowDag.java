package io.fleetloop.api.orchestration.workflow;

import java.util.List;

/** A validated, acyclic DAG of nodes (the edges are the node inputs that name another node's output). */
public record WorkflowDag(List<WorkflowNode> nodes) {
    public WorkflowDag {
        nodes = List.copyOf(nodes);
    }
}
