package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.orchestration.workflow.AiModelCheckedEvent;
import io.fleetloop.api.orchestration.workflow.AiModelId;
import io.fleetloop.api.orchestration.workflow.CheckAiModelCommand;
import io.fleetloop.api.orchestration.workflow.RegisterAiModelCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** The AI model registry (seed 003 AI 模型中心): {@code POST /v1/ai-models}, {@code POST /v1/ai-models/{id}/check}. */
@RestController
class AiModelCommandController {

    record AiModelRequest(String name, String baseUrl, String model, String credentialRef) {
    }

    record AiModelSaved(String modelId) {
    }

    record CheckResponse(String modelId, boolean available, boolean modelListed, Integer httpStatus, String detail, long latencyMillis,
                         String checkedAt) {
    }

    private final CommandGateway commands;

    AiModelCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/v1/ai-models")
    ResponseEntity<AiModelSaved> register(Caller caller, @RequestBody AiModelRequest request) {
        AiModelId modelId = new AiModelId(UUID.randomUUID().toString());
        commands.sendAndWait(new RegisterAiModelCommand(modelId, caller.tenantId(), request.name(), request.baseUrl(), request.model(),
                request.credentialRef()));
        return ResponseEntity.created(URI.create("/v1/ai-models/" + modelId)).body(new AiModelSaved(modelId.value()));
    }

    @PostMapping("/v1/ai-models/{modelId}/check")
    CheckResponse check(Caller caller, @PathVariable String modelId) {
        AiModelCheckedEvent checked = commands.sendAndWait(new CheckAiModelCommand(new AiModelId(modelId), caller.tenantId()));
        return new CheckResponse(modelId, checked.available(), checked.modelListed(), checked.httpStatus(), checked.detail(),
                checked.latencyMillis(), checked.checkedAt().toString());
    }
}
