package io.fleetloop.api.orchestration.workflow;

/**
 * The request of the {@code workflow-node} job (queued by the run's node dispatcher in sagas, run by a worker): one
 * attempt of one node, queued once under {@code runId/nodeId#attempt}.
 */
public record WorkflowNodeJob(NodeExecutionQueuedEvent queued) {

    public static final String NAME = "workflow-node";

    public String instanceId() {
        return instanceId(queued.runId(), queued.nodeId(), queued.attempt());
    }

    public static String instanceId(WorkflowRunId runId, String nodeId, int attempt) {
        return runId.value() + "/" + nodeId + "#" + attempt;
    }

    public static String jobId(WorkflowRunId runId, String nodeId, int attempt) {
        return NAME + "/" + instanceId(runId, nodeId, attempt);
    }
}
