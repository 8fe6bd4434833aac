package io.fleetloop.api.orchestration.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One node of a revision's DAG. {@code inputs} wires each input name to either {@code "<nodeId>.<output>"} (an upstream
 * node's output, which makes the edge) or {@code "$run.<name>"} (a run input); {@code outputs} are the names this node
 * produces. {@code parameters} are checked against the operator version's parameter types when the revision is saved.
 */
public record WorkflowNode(String nodeId, OperatorRef operator, Map<String, String> inputs, List<String> outputs,
                           Map<String, Object> parameters, RetryPolicy retry, Duration timeout, ResourceRequest resources) {
    public WorkflowNode {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        retry = retry == null ? RetryPolicy.NONE : retry;
        resources = resources == null ? ResourceRequest.DEFAULT : resources;
    }
}
