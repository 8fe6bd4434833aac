package io.fleetloop.command.orchestration;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.orchestration.CompressionRule;
import io.fleetloop.api.orchestration.CreateDataFlowCommand;
import io.fleetloop.api.orchestration.DeviceSelector;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/**
 * {@code POST /v1/data-flows}: a rule that turns matching completed ingestions into annotation tasks (ANNOTATE), or an edge
 * collection rule that selected devices run (COLLECT: trigger, compression, target path, device selector).
 */
@RestController
class DataFlowCommandController {

    record CreateDataFlowRequest(@NotBlank @Size(max = 128) String name, FlowRule flowRule, @NotNull FlowAction action,
                                 CompressionRule compressionRule, String targetPath, DeviceSelector deviceSelector) {
    }

    record DataFlowResponse(String flowId) {
    }

    private final CommandGateway commands;

    DataFlowCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/v1/data-flows")
    ResponseEntity<DataFlowResponse> create(Caller caller, @Valid @RequestBody CreateDataFlowRequest request) {
        DataFlowId flowId = new DataFlowId(UUID.randomUUID().toString());
        commands.sendAndWait(new CreateDataFlowCommand(flowId, caller.tenantId(), request.name(), request.flowRule(), request.action(),
                request.compressionRule(), request.targetPath(), request.deviceSelector()));
        return ResponseEntity.created(URI.create("/v1/data-flows/" + flowId)).body(new DataFlowResponse(flowId.value()));
    }
}
