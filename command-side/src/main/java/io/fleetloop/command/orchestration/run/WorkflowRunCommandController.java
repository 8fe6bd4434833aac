package io.fleetloop.command.orchestration.run;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.CancelWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.RerunWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /v1/workflow-runs/{runId}/cancel} (running nodes are asked to stop, no node starts afterwards) and
 * {@code POST /v1/workflow-runs/{runId}/rerun?fromNode=X} (a FAILED run again from its failed node X).
 */
@RestController
class WorkflowRunCommandController {

    record RunCommandResponse(String runId, String accepted) {
    }

    private final CommandGateway commands;

    WorkflowRunCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/v1/workflow-runs/{runId}/cancel")
    ResponseEntity<RunCommandResponse> cancel(Caller caller, @PathVariable String runId) {
        send(new CancelWorkflowRunCommand(new WorkflowRunId(runId), caller.tenantId(), caller.operator()), runId);
        return ResponseEntity.accepted().body(new RunCommandResponse(runId, "cancel"));
    }

    @PostMapping("/v1/workflow-runs/{runId}/rerun")
    ResponseEntity<RunCommandResponse> rerun(Caller caller, @PathVariable String runId, @RequestParam(required = false) String fromNode) {
        if (fromNode == null || fromNode.isBlank()) throw FleetloopException.invalid("fromNode", "name the failed node to re-run from");
        send(new RerunWorkflowRunCommand(new WorkflowRunId(runId), caller.tenantId(), fromNode, caller.operator()), runId);
        return ResponseEntity.accepted().body(new RunCommandResponse(runId, "rerun"));
    }

    private void send(Object command, String runId) {
        try {
            commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw FleetloopException.notFound(WorkflowRun.RESOURCE, runId);
        }
    }
}
