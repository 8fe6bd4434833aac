package io.fleetloop.command.orchestration.run;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.CancelWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.CompleteNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.ExecutionStatus;
import io.fleetloop.api.orchestration.workflow.FailNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.NodeExecutionFailedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionQueuedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionRetryingEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionSkippedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionStartedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionSucceededEvent;
import io.fleetloop.api.orchestration.workflow.NodeStartOutcome;
import io.fleetloop.api.orchestration.workflow.RerunWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.RetryPolicy;
import io.fleetloop.api.orchestration.workflow.RunContextPatchedEvent;
import io.fleetloop.api.orchestration.workflow.StartNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.api.orchestration.workflow.WorkflowNodeJob;
import io.fleetloop.api.orchestration.workflow.WorkflowRunCancelledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunFailedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRerunStartedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunStartedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunSucceededEvent;
import io.fleetloop.command.common.TenantGuard;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.fleetloop.api.orchestration.workflow.ExecutionStatus.CANCELLED;
import static io.fleetloop.api.orchestration.workflow.ExecutionStatus.FAILED;
import static io.fleetloop.api.orchestration.workflow.ExecutionStatus.PENDING;
import static io.fleetloop.api.orchestration.workflow.ExecutionStatus.QUEUED;
import static io.fleetloop.api.orchestration.workflow.ExecutionStatus.RUNNING;
import static io.fleetloop.api.orchestration.workflow.ExecutionStatus.SKIPPED;
import static io.fleetloop.api.orchestration.workflow.ExecutionStatus.SUCCEEDED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One run of a workflow revision: decides which nodes are ready (every upstream node SUCCEEDED; in parallel where the
 * DAG allows), accepts each attempt's start and report once, retries a failed attempt by the node's policy (the next
 * attempt is queued with the back-off as its not-before time), skips what a failure cuts off, and ends the run.
 * Node work itself runs in workers as {@code workflow-node} jobs, one per attempt.
 */
@Aggregate(cache = "workflowRunCache")
class WorkflowRun {

    static final String RESOURCE = "workflow run";
    static final String RUN_INPUT = "$run.";

    @AggregateIdentifier
    private WorkflowRunId runId;
    private String tenantId;
    private WorkflowId workflowId;
    private ExecutionStatus status;
    private Map<String, WorkflowNode> nodes;
    private Map<String, Object> runInputs;
    private final Map<String, NodeState> states = new LinkedHashMap<>();
    private final Map<String, Object> context = new LinkedHashMap<>();
    private int contextVersion;

    private static final class NodeState {
        ExecutionStatus status = PENDING;
        int attempt;
        /** The attempt before this round's first (a re-run starts a new round with the full retry policy). */
        int roundBase;
        Map<String, Object> outputs = Map.of();
        String error;

        @Override
        public boolean equals(Object other) {
            return other instanceof NodeState that && status == that.status && attempt == that.attempt && roundBase == that.roundBase
                    && Objects.equals(outputs, that.outputs) && Objects.equals(error, that.error);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, attempt, roundBase, outputs, error);
        }
    }

    WorkflowRun() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateWorkflowRunCommand command, Clock clock) {
        if (runId != null) return; // the requested event delivered again: the run exists already
        if (command.dag() == null || command.dag().nodes().isEmpty()) throw FleetloopException.invalid("dag", "a run needs at least one node");
        apply(new WorkflowRunStartedEvent(command.runId(), command.tenantId(), command.workflowId(), command.revision(), command.dag(),
                command.inputs(), command.trigger(), clock.instant()));
        advance(clock.instant());
    }

    @CommandHandler
    NodeStartOutcome handle(StartNodeExecutionCommand command, Clock clock) {
        TenantGuard.requireSameTenant(tenantId, command, RESOURCE, runId);
        NodeState node = node(command.nodeId());
        if (status != RUNNING || node.attempt != command.attempt()) return NodeStartOutcome.STALE;
        if (node.status == RUNNING) return NodeStartOutcome.LOST;
        if (node.status != QUEUED) return NodeStartOutcome.STALE;
        apply(new NodeExecutionStartedEvent(runId, tenantId, command.nodeId(), command.attempt(), command.jobId(), clock.instant()));
        return NodeStartOutcome.STARTED;
    }

    @CommandHandler
    void handle(CompleteNodeExecutionCommand command, Clock clock) {
        TenantGuard.requireSameTenant(tenantId, command, RESOURCE, runId);
        if (!reportable(command.nodeId(), command.attempt())) return;
        Instant now = clock.instant();
        apply(new NodeExecutionSucceededEvent(runId, tenantId, command.nodeId(), command.attempt(), command.outputs(), command.artifacts(),
                command.log(), now));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put(command.nodeId(), command.outputs());
        Map<String, Object> snapshot = new LinkedHashMap<>(context);
        snapshot.putAll(patch);
        apply(new RunContextPatchedEvent(runId, tenantId, command.nodeId(), command.attempt(), contextVersion + 1, patch, snapshot, now));
        advance(now);
    }

    @CommandHandler
    void handle(FailNodeExecutionCommand command, Clock clock) {
        TenantGuard.requireSameTenant(tenantId, command, RESOURCE, runId);
        if (!reportable(command.nodeId(), command.attempt())) return;
        Instant now = clock.instant();
        RetryPolicy retry = nodes.get(command.nodeId()).retry();
        int attemptOfRound = command.attempt() - states.get(command.nodeId()).roundBase;
        if (attemptOfRound < retry.maxAttempts()) {
            Instant retryAt = now.plus(backoff(retry, attemptOfRound));
            apply(new NodeExecutionRetryingEvent(runId, tenantId, command.nodeId(), command.attempt(), command.error(), command.log(),
                    command.attempt() + 1, retryAt, now));
            queue(command.nodeId(), retryAt, now);
            return;
        }
        apply(new NodeExecutionFailedEvent(runId, tenantId, command.nodeId(), command.attempt(), command.error(), command.log(), now));
        for (String downstream : downstreamOf(command.nodeId())) {
            if (states.get(downstream).status == PENDING) {
                apply(new NodeExecutionSkippedEvent(runId, tenantId, downstream, "upstream node " + command.nodeId() + " failed", now));
            }
        }
        advance(now);
    }

    @CommandHandler
    void handle(CancelWorkflowRunCommand command, Clock clock) {
        TenantGuard.requireSameTenant(tenantId, command, RESOURCE, runId);
        if (status != RUNNING) return; // a finished run stays as it ended
        List<String> cancelled = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        states.forEach((nodeId, node) -> {
            if (node.status == QUEUED || node.status == RUNNING) {
                cancelled.add(nodeId);
                jobs.add(WorkflowNodeJob.jobId(runId, nodeId, node.attempt));
            } else if (node.status == PENDING) {
                skipped.add(nodeId);
            }
        });
        apply(new WorkflowRunCancelledEvent(runId, tenantId, workflowId, cancelled, skipped, jobs, command.actor(), clock.instant()));
    }

    @CommandHandler
    void handle(RerunWorkflowRunCommand command, Clock clock) {
        TenantGuard.requireSameTenant(tenantId, command, RESOURCE, runId);
        if (command.fromNode() == null || !states.containsKey(command.fromNode())) {
            throw FleetloopException.invalid("fromNode", "the run has no node '" + command.fromNode() + "'");
        }
        if (status != FAILED) throw FleetloopException.conflict("only a FAILED run can be re-run; this run is " + status);
        if (states.get(command.fromNode()).status != FAILED) {
            throw FleetloopException.invalid("fromNode", "node '" + command.fromNode() + "' did not fail (it is "
                    + states.get(command.fromNode()).status + ")");
        }
        List<String> reset = new ArrayList<>();
        reset.add(command.fromNode());
        for (String downstream : downstreamOf(command.fromNode())) {
            if (states.get(downstream).status != SUCCEEDED) reset.add(downstream);
        }
        Instant now = clock.instant();
        apply(new WorkflowRunRerunStartedEvent(runId, tenantId, workflowId, command.fromNode(), reset, command.actor(), now));
        advance(now);
    }

    /** Queues every ready node, then ends the run when nothing is queued or running any more. */
    private void advance(Instant now) {
        if (status != RUNNING) return;
        for (Map.Entry<String, NodeState> entry : states.entrySet()) {
            if (entry.getValue().status == PENDING && upstreamOf(nodes.get(entry.getKey())).stream()
                    .allMatch(upstream -> states.get(upstream).status == SUCCEEDED)) {
                queue(entry.getKey(), now, now);
            }
        }
        if (states.values().stream().anyMatch(node -> node.status == QUEUED || node.status == RUNNING)) return;
        if (states.values().stream().allMatch(node -> node.status == SUCCEEDED)) {
            apply(new WorkflowRunSucceededEvent(runId, tenantId, workflowId, now));
            return;
        }
        Map.Entry<String, NodeState> failed = states.entrySet().stream().filter(e -> e.getValue().status == FAILED).findFirst().orElse(null);
        apply(new WorkflowRunFailedEvent(runId, tenantId, workflowId, failed == null ? null : failed.getKey(),
                failed == null ? "no node can run" : failed.getValue().error, now));
    }

    private void queue(String nodeId, Instant notBefore, Instant now) {
        WorkflowNode node = nodes.get(nodeId);
        apply(new NodeExecutionQueuedEvent(runId, tenantId, workflowId, nodeId, states.get(nodeId).attempt + 1, node, inputsOf(node),
                notBefore, now));
    }

    private boolean reportable(String nodeId, int attempt) {
        NodeState node = node(nodeId);
        return status == RUNNING && node.attempt == attempt && (node.status == RUNNING || node.status == QUEUED);
    }

    private NodeState node(String nodeId) {
        NodeState node = states.get(nodeId);
        if (node == null) throw FleetloopException.notFound("node", nodeId);
        return node;
    }

    /** The node's inputs: a run input ({@code $run.name}) or an upstream node's output ({@code nodeId.output}). */
    private Map<String, Object> inputsOf(WorkflowNode node) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        node.inputs().forEach((name, source) -> {
            Object value;
            if (source.startsWith(RUN_INPUT)) {
                value = runInputs.get(source.substring(RUN_INPUT.length()));
            } else {
                int dot = source.indexOf('.');
                NodeState upstream = states.get(dot < 0 ? source : source.substring(0, dot));
                Map<String, Object> outputs = upstream == null ? Map.of() : upstream.outputs;
                value = dot < 0 ? outputs : outputs.get(source.substring(dot + 1));
            }
            if (value != null) inputs.put(name, value); // an output the upstream node did not produce is left out
        });
        return inputs;
    }

    static Set<String> upstreamOf(WorkflowNode node) {
        Set<String> upstream = new LinkedHashSet<>();
        for (String source : node.inputs().values()) {
            if (source.startsWith(RUN_INPUT)) continue;
            int dot = source.indexOf('.');
            upstream.add(dot < 0 ? source : source.substring(0, dot));
        }
        return upstream;
    }

    /** Every node reachable downstream of {@code nodeId}, in DAG order. */
    private List<String> downstreamOf(String nodeId) {
        Set<String> reached = new LinkedHashSet<>(Set.of(nodeId));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (WorkflowNode node : nodes.values()) {
                if (!reached.contains(node.nodeId()) && upstreamOf(node).stream().anyMatch(reached::contains)) {
                    grew |= reached.add(node.nodeId());
                }
            }
        }
        reached.remove(nodeId);
        return nodes.keySet().stream().filter(reached::contains).toList();
    }

    static Duration backoff(RetryPolicy retry, int failedAttempt) {
        if (retry.backoff() == null || retry.backoff().isZero()) return Duration.ZERO;
        double factor = Math.pow(retry.multiplier() <= 0 ? 1.0 : retry.multiplier(), failedAttempt - 1);
        return Duration.ofMillis(Math.round(retry.backoff().toMillis() * factor));
    }

    @EventSourcingHandler
    void on(WorkflowRunStartedEvent event) {
        runId = event.runId();
        tenantId = event.tenantId();
        workflowId = event.workflowId();
        status = RUNNING;
        runInputs = event.inputs();
        nodes = new LinkedHashMap<>();
        for (WorkflowNode node : event.dag().nodes()) {
            nodes.put(node.nodeId(), node);
            states.put(node.nodeId(), new NodeState());
        }
    }

    @EventSourcingHandler
    void on(NodeExecutionQueuedEvent event) {
        NodeState node = states.get(event.nodeId());
        node.status = QUEUED;
        node.attempt = event.attempt();
        node.error = null;
    }

    @EventSourcingHandler
    void on(NodeExecutionStartedEvent event) {
        states.get(event.nodeId()).status = RUNNING;
    }

    @EventSourcingHandler
    void on(NodeExecutionSucceededEvent event) {
        NodeState node = states.get(event.nodeId());
        node.status = SUCCEEDED;
        node.outputs = event.outputs();
    }

    @EventSourcingHandler
    void on(NodeExecutionRetryingEvent event) {
        states.get(event.nodeId()).error = event.error();
    }

    @EventSourcingHandler
    void on(NodeExecutionFailedEvent event) {
        NodeState node = states.get(event.nodeId());
        node.status = FAILED;
        node.error = event.error();
    }

    @EventSourcingHandler
    void on(NodeExecutionSkippedEvent event) {
        states.get(event.nodeId()).status = SKIPPED;
    }

    @EventSourcingHandler
    void on(RunContextPatchedEvent event) {
        context.putAll(event.patch());
        contextVersion = event.version();
    }

    @EventSourcingHandler
    void on(WorkflowRunSucceededEvent event) {
        status = SUCCEEDED;
    }

    @EventSourcingHandler
    void on(WorkflowRunFailedEvent event) {
        status = FAILED;
    }

    @EventSourcingHandler
    void on(WorkflowRunCancelledEvent event) {
        status = CANCELLED;
        event.cancelledNodes().forEach(nodeId -> states.get(nodeId).status = CANCELLED);
        event.skippedNodes().forEach(nodeId -> states.get(nodeId).status = SKIPPED);
    }

    @EventSourcingHandler
    void on(WorkflowRunRerunStartedEvent event) {
        status = RUNNING;
        event.resetNodes().forEach(nodeId -> {
            NodeState node = states.get(nodeId);
            node.status = PENDING;
            node.error = null;
            node.roundBase = node.attempt;
        });
    }
}
