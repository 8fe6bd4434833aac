package io.fleetloop.api.orchestration.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A node as the user writes it: the operator by id and version ({@code null} = the latest at save time). The saved
 * revision holds it resolved as a {@link WorkflowNode} with the operator version pinned.
 */
public record StepSpec(String nodeId, String operatorId, Integer operatorVersion, Map<String, String> inputs, List<String> outputs,
                       Map<String, Object> parameters, RetryPolicy retry, Duration timeout, ResourceRequest resources) {
}
