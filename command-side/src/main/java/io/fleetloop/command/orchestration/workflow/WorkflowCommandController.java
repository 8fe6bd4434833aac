package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.DisableWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.EnableWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.ParameterSpec;
import io.fleetloop.api.orchestration.workflow.ReviseWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.StartWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.StepSpec;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowState;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.LoopContext;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workflow definitions (seed 003 工作流中心): {@code POST /v1/workflows} (revision 1), {@code POST /v1/workflows/{id}/revisions}
 * (revision n+1), {@code POST /v1/workflows/{id}/enable|disable}, and the manual trigger {@code POST /v1/workflows/{id}/runs}
 * (202 with the run id; a repeated {@code runId} starts nothing new). A run is admitted by the tenant's account first
 * ({@link #RUN_RESOURCES}): a used-up quota or an exhausted balance is a 409 {@code QUOTA_EXCEEDED} and a
 * {@code DispatchRefusedEvent}, and no run starts.
 */
@RestController
class WorkflowCommandController {

    record WorkflowRequest(String name, String timeZone, List<StepSpec> nodes, Map<String, ParameterSpec> runInputs,
                           List<WorkflowTrigger> triggers, Boolean enabled) {
    }

    record WorkflowSaved(String workflowId, int revision) {
    }

    record StateResponse(String workflowId, WorkflowState state) {
    }

    record RunRequest(Map<String, Object> inputs, Integer revision, String runId) {
    }

    record RunAccepted(String runId) {
    }

    /** What a run is metered in (every variant, e.g. {@code workflow-node-seconds:http}), so what its quota is checked on. */
    public static final List<String> RUN_RESOURCES = List.of("workflow-node-seconds");

    private final CommandGateway commands;
    private final Clock clock;

    WorkflowCommandController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/v1/workflows")
    ResponseEntity<WorkflowSaved> create(Caller caller, @RequestBody WorkflowRequest request) {
        WorkflowId workflowId = new WorkflowId(UUID.randomUUID().toString());
        commands.sendAndWait(new CreateWorkflowCommand(workflowId, caller.tenantId(), request.name(), request.timeZone(), request.nodes(),
                request.runInputs(), request.triggers(), request.enabled() == null || request.enabled()));
        return ResponseEntity.created(URI.create("/v1/workflows/" + workflowId)).body(new WorkflowSaved(workflowId.value(), 1));
    }

    @PostMapping("/v1/workflows/{workflowId}/revisions")
    ResponseEntity<WorkflowSaved> revise(Caller caller, @PathVariable String workflowId, @RequestBody WorkflowRequest request) {
        if (request.enabled() != null) throw FleetloopException.invalid("enabled", "use POST /v1/workflows/{id}/enable or /disable");
        Integer number = commands.sendAndWait(new ReviseWorkflowCommand(new WorkflowId(workflowId), caller.tenantId(), request.name(),
                request.timeZone(), request.nodes(), request.runInputs(), request.triggers()));
        return ResponseEntity.created(URI.create("/v1/workflows/" + workflowId + "/revisions/" + number))
                .body(new WorkflowSaved(workflowId, number));
    }

    @PostMapping("/v1/workflows/{workflowId}/enable")
    StateResponse enable(Caller caller, @PathVariable String workflowId) {
        commands.sendAndWait(new EnableWorkflowCommand(new WorkflowId(workflowId), caller.tenantId()));
        return new StateResponse(workflowId, WorkflowState.ENABLED);
    }

    @PostMapping("/v1/workflows/{workflowId}/disable")
    StateResponse disable(Caller caller, @PathVariable String workflowId) {
        commands.sendAndWait(new DisableWorkflowCommand(new WorkflowId(workflowId), caller.tenantId()));
        return new StateResponse(workflowId, WorkflowState.DISABLED);
    }

    @PostMapping("/v1/workflows/{workflowId}/runs")
    ResponseEntity<RunAccepted> run(Caller caller, @PathVariable String workflowId, @RequestBody(required = false) RunRequest request) {
        RunRequest body = request == null ? new RunRequest(null, null, null) : request;
        if (body.runId() != null && !body.runId().matches("[A-Za-z0-9._:-]{1,64}")) throw FleetloopException.invalid("runId", "1-64 letters, digits or . _ : -");
        WorkflowRunId runId = new WorkflowRunId(body.runId() != null ? body.runId() : UUID.randomUUID().toString());
        DispatchDecision decision = commands.sendAndWait(new AdmitDispatchCommand(caller.tenantId(), LoopContext.CAT, runId.value(),
                RUN_RESOURCES, clock.instant()));
        decision.requireAdmitted();
        commands.sendAndWait(new StartWorkflowRunCommand(new WorkflowId(workflowId), caller.tenantId(), runId, body.revision(), body.inputs(),
                RunTrigger.manual(caller.operator())));
        return ResponseEntity.accepted().body(new RunAccepted(runId.value()));
    }
}
