package io.fleetloop.workers.orchestration.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.api.orchestration.workflow.ArtifactRef;
import io.fleetloop.api.orchestration.workflow.CompleteNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.FailNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.NodeExecutionQueuedEvent;
import io.fleetloop.api.orchestration.workflow.NodeStartOutcome;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.StartNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.WorkflowNodeJob;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code workflow-node} job: one attempt of one node. It first asks the run to start the attempt (accepted once:
 * a job that runs again after its worker was lost reports the attempt failed instead of running the node twice, and
 * the node's retry policy decides), runs the operator of the node's kind, stores large outputs and files as artifacts,
 * meters the attempt's seconds (per run and node), and reports the result once.
 */
@Component
class WorkflowNodeRun implements Job<WorkflowNodeJob> {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    static final int LOG_CHARS = 8 * 1024;
    private static final Logger log = LoggerFactory.getLogger(WorkflowNodeRun.class);

    private final CommandGateway commands;
    private final PlatformObjectStore store;
    private final ObjectMapper json;
    private final Map<OperatorKind, NodeOperator> operators = new EnumMap<>(OperatorKind.class);
    private final int inlineOutputBytes;

    WorkflowNodeRun(CommandGateway commands, PlatformObjectStore store, ObjectMapper json, List<NodeOperator> operators,
                    @Value("${fleetloop.workflow.inline-output-bytes:4096}") int inlineOutputBytes) {
        this.commands = commands;
        this.store = store;
        this.json = json;
        operators.forEach(operator -> this.operators.put(operator.kind(), operator));
        this.inlineOutputBytes = inlineOutputBytes;
    }

    @Override
    public String name() {
        return WorkflowNodeJob.NAME;
    }

    @Override
    public Class<WorkflowNodeJob> requestType() {
        return WorkflowNodeJob.class;
    }

    @Override
    public int maxTries() {
        return 3; // infrastructure trouble only (a report not delivered); node failures are reported, never thrown
    }

    @Override
    public void run(WorkflowNodeJob job, JobContext context) throws Exception {
        NodeExecutionQueuedEvent queued = job.queued();
        MetaData metaData = MetaData.from(Map.of("operator", "workflow-node", "tenantId", queued.tenantId()));
        NodeStartOutcome outcome = commands.sendAndWait(new StartNodeExecutionCommand(queued.runId(), queued.tenantId(), queued.nodeId(),
                queued.attempt(), context.jobId()), metaData);
        if (outcome == NodeStartOutcome.STALE) return;
        if (outcome == NodeStartOutcome.LOST) {
            fail(queued, "attempt " + queued.attempt() + " was interrupted (its worker stopped); not run again within the same attempt",
                    null, metaData);
            return;
        }
        NodeArtifacts artifacts = new NodeArtifacts(store, queued.tenantId(), queued.runId(), queued.nodeId(), queued.attempt());
        Duration timeout = queued.node().timeout() == null || queued.node().timeout().isZero() ? DEFAULT_TIMEOUT : queued.node().timeout();
        NodeCall call = new NodeCall(queued, context, timeout, artifacts, metaData);
        OperatorKind kind = queued.node().operator().kind();
        long started = System.nanoTime();
        NodeResult result = null;
        String error = null;
        String errorLog = null;
        try {
            NodeOperator operator = operators.get(kind);
            if (operator == null) throw new NodeFailure("no operator runs kind " + kind + " here");
            result = operator.execute(call);
        } catch (NodeFailure e) {
            error = e.getMessage();
            errorLog = e.log();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            log.warn("Node {} of run {} failed", queued.nodeId(), queued.runId(), e);
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        meter(queued, context, (System.nanoTime() - started) / 1e9);
        if (error != null) {
            fail(queued, error, errorLog, metaData);
            return;
        }
        if (result == NodeResult.DEFERRED) return; // the followed job reports its end to the run
        Map<String, Object> outputs = inline(result.outputs(), artifacts);
        List<ArtifactRef> all = new ArrayList<>(artifacts.written());
        commands.sendAndWait(new CompleteNodeExecutionCommand(queued.runId(), queued.tenantId(), queued.nodeId(), queued.attempt(), outputs,
                all, cap(result.log())), metaData);
    }

    /** Outputs larger than the inline size go to the object store; the context keeps a reference to them. */
    private Map<String, Object> inline(Map<String, Object> outputs, NodeArtifacts artifacts) throws Exception {
        Map<String, Object> inline = new LinkedHashMap<>();
        for (Map.Entry<String, Object> output : outputs.entrySet()) {
            byte[] bytes = json.writeValueAsBytes(output.getValue());
            if (bytes.length <= inlineOutputBytes) {
                inline.put(output.getKey(), output.getValue());
            } else {
                ArtifactRef artifact = artifacts.put("output-" + output.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".json", bytes,
                        "application/json");
                inline.put(output.getKey(), Map.of("artifact", artifact.key(), "size", artifact.size(), "sha256", artifact.sha256()));
            }
        }
        return inline;
    }

    private void fail(NodeExecutionQueuedEvent queued, String error, String errorLog, MetaData metaData) {
        commands.sendAndWait(new FailNodeExecutionCommand(queued.runId(), queued.tenantId(), queued.nodeId(), queued.attempt(), error,
                cap(errorLog)), metaData);
    }

    /** Seconds per attempt, in total and per operator kind, charged to the run and node. */
    private void meter(NodeExecutionQueuedEvent queued, JobContext context, double seconds) {
        UsageSubject subject = new UsageSubject(queued.tenantId(), loopContext(queued), queued.runId().value(), queued.runId().value(),
                queued.nodeId());
        double rounded = Math.max(0.001, Math.round(seconds * 1000) / 1000.0);
        context.meter(subject, "workflow-node-seconds", rounded, "second");
        context.meter(subject, "workflow-node-seconds:" + queued.node().operator().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                rounded, "second");
    }

    /**
     * The loop context a node's cost counts under: {@code spec.context} when the operator names one, ING for ingestion,
     * otherwise CAT (workflows work on the catalogue's assets).
     */
    static LoopContext loopContext(NodeExecutionQueuedEvent queued) {
        Object named = queued.node().operator().spec().get("context");
        if (named != null) {
            try {
                return LoopContext.valueOf(String.valueOf(named).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to the default
            }
        }
        Object job = queued.node().operator().spec().get("job");
        if ("ingest".equals(job)) return LoopContext.ING;
        if ("simulate".equals(job)) return LoopContext.SIM;
        if ("pre-label".equals(job) || "export-dataset".equals(job)) return LoopContext.ANN;
        if ("diagnose-logs".equals(job)) return LoopContext.BHV;
        return LoopContext.CAT;
    }

    private static String cap(String text) {
        if (text == null) return null;
        return text.length() <= LOG_CHARS ? text : "…" + text.substring(text.length() - LOG_CHARS);
    }

}
