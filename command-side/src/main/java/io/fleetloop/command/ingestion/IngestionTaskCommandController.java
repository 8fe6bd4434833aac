package io.fleetloop.command.ingestion;

import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.ingestion.CreateIngestionTaskCommand;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import io.fleetloop.api.ingestion.StopIngestionCommand;
import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.LoopContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/ingestion-tasks} and {@code POST /v1/ingestion-tasks/{taskId}/start} (seed 000 §2 steps 1–2);
 * {@code POST /v1/ingestion-tasks/{taskId}/stop} stops a Kafka or HTTP-upload task, and start resumes it.
 */
@RestController
class IngestionTaskCommandController {

    record IngestionRuleRequest(@Size(max = 256) String includePattern, @NotBlank @Size(max = 512) String targetPath,
                                @NotNull Modality modality) {
    }

    record CreateIngestionTaskRequest(@NotBlank @Size(max = 64) String sourceId, @NotNull @Valid IngestionRuleRequest ingestionRule) {
    }

    record TaskResponse(String taskId, String status) {
    }

    /** What a run is metered in, so what its quotas are checked on before it starts. */
    static final List<String> METERED_RESOURCES = List.of("ingested-bytes", "ingested-objects", "worker-seconds");

    private final CommandGateway commands;
    private final Clock clock;

    IngestionTaskCommandController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/v1/ingestion-tasks")
    ResponseEntity<TaskResponse> create(Caller caller, @Valid @RequestBody CreateIngestionTaskRequest request) {
        IngestionTaskId taskId = new IngestionTaskId(UUID.randomUUID().toString());
        IngestionRuleRequest rule = request.ingestionRule();
        commands.sendAndWait(new CreateIngestionTaskCommand(taskId, caller.tenantId(), new DataSourceId(request.sourceId()),
                new IngestionRule(rule.includePattern(), rule.targetPath(), rule.modality())));
        return ResponseEntity.created(URI.create("/v1/ingestion-tasks/" + taskId)).body(new TaskResponse(taskId.value(), "CREATED"));
    }

    @PostMapping("/v1/ingestion-tasks/{taskId}/start")
    ResponseEntity<TaskResponse> start(Caller caller, @PathVariable String taskId) {
        DispatchDecision decision = commands.sendAndWait(new AdmitDispatchCommand(caller.tenantId(), LoopContext.ING, taskId,
                METERED_RESOURCES, clock.instant()));
        decision.requireAdmitted();
        commands.sendAndWait(new StartIngestionCommand(new IngestionTaskId(taskId), caller.tenantId()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/ingestion-tasks/" + taskId))
                .body(new TaskResponse(taskId, "RUNNING"));
    }

    @PostMapping("/v1/ingestion-tasks/{taskId}/stop")
    ResponseEntity<TaskResponse> stop(Caller caller, @PathVariable String taskId) {
        commands.sendAndWait(new StopIngestionCommand(new IngestionTaskId(taskId), caller.tenantId(), "stopped by " + caller.operator()));
        return ResponseEntity.ok().location(URI.create("/v1/ingestion-tasks/" + taskId)).body(new TaskResponse(taskId, "STOPPED"));
    }
}
