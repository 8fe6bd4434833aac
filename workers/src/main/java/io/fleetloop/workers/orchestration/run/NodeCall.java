package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.NodeExecutionQueuedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.workers.common.JobContext;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One attempt of one node as an operator sees it: its node, resolved inputs, time limit, artifacts and cancel checks. */
record NodeCall(NodeExecutionQueuedEvent queued, JobContext job, Duration timeout, NodeArtifacts artifacts, MetaData metaData) {

    WorkflowNode node() {
        return queued.node();
    }

    Map<String, Object> spec() {
        return queued.node().operator().spec();
    }

    Map<String, Object> inputs() {
        return queued.inputs();
    }

    Map<String, Object> parameters() {
        return queued.node().parameters();
    }

    /** Inputs and parameters in one map (a parameter wins over an input of the same name). */
    Map<String, Object> inputsAndParameters() {
        Map<String, Object> all = new LinkedHashMap<>(inputs());
        all.putAll(parameters());
        return all;
    }

    String tenantId() {
        return queued.tenantId();
    }
}
