package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.orchestration.workflow.AddOperatorVersionCommand;
import io.fleetloop.api.orchestration.workflow.OperatorId;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;
import io.fleetloop.api.orchestration.workflow.ParameterSpec;
import io.fleetloop.api.orchestration.workflow.RegisterOperatorCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Operators (seed 003 算子中心): {@code POST /v1/operators} registers version 1, {@code POST /v1/operators/{id}/versions} adds n+1. */
@RestController
class OperatorCommandController {

    record OperatorRequest(String name, OperatorKind kind, Map<String, Object> spec, List<String> inputs, List<String> outputs,
                           Map<String, ParameterSpec> parameters) {
    }

    record VersionRequest(Map<String, Object> spec, List<String> inputs, List<String> outputs, Map<String, ParameterSpec> parameters) {
    }

    record OperatorSaved(String operatorId, int version) {
    }

    private final CommandGateway commands;

    OperatorCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/v1/operators")
    ResponseEntity<OperatorSaved> register(Caller caller, @RequestBody OperatorRequest request) {
        OperatorId operatorId = new OperatorId(UUID.randomUUID().toString());
        commands.sendAndWait(new RegisterOperatorCommand(operatorId, caller.tenantId(), request.name(), request.kind(),
                new OperatorVersionDefinition(1, request.spec(), request.inputs(), request.outputs(), request.parameters())));
        return ResponseEntity.created(URI.create("/v1/operators/" + operatorId)).body(new OperatorSaved(operatorId.value(), 1));
    }

    @PostMapping("/v1/operators/{operatorId}/versions")
    ResponseEntity<OperatorSaved> addVersion(Caller caller, @PathVariable String operatorId, @RequestBody VersionRequest request) {
        Integer version = commands.sendAndWait(new AddOperatorVersionCommand(new OperatorId(operatorId), caller.tenantId(),
                new OperatorVersionDefinition(0, request.spec(), request.inputs(), request.outputs(), request.parameters())));
        return ResponseEntity.created(URI.create("/v1/operators/" + operatorId)).body(new OperatorSaved(operatorId, version));
    }
}
