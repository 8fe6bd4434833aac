package io.fleetloop.command.ota;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.ota.PauseReleaseCommand;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ResumeReleaseCommand;
import io.fleetloop.api.ota.RollbackReleaseCommand;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Seed 001 §5.1 commands: create a release task, roll it back; plus pause and resume of the gray rollout. */
@RestController
class ReleaseCommandController {

    record TaskResponse(String taskId, String status) {
    }

    record Reason(@Size(max = 1000) String reason) {
    }

    /** Without deviceIds the registry selects the eligible devices; named ones (seed 001 targetDevices) must be registered. */
    record StartRequest(@Size(min = 1, max = ReleaseTask.MAX_DEVICES)
                        java.util.List<@jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}") String> deviceIds) {
    }

    private final ReleaseCreation creation;
    private final CommandGateway commands;

    ReleaseCommandController(ReleaseCreation creation, CommandGateway commands) {
        this.creation = creation;
        this.commands = commands;
    }

    @PostMapping("/v1/release-tasks")
    ResponseEntity<TaskResponse> create(Caller caller, @RequestBody ReleaseCreation.ModelRelease request) {
        ReleaseTaskId taskId = new ReleaseTaskId(UUID.randomUUID().toString());
        creation.create(taskId, caller.tenantId(), request, MetaData.emptyInstance());
        return ResponseEntity.created(URI.create("/v1/release-tasks/" + taskId)).body(new TaskResponse(taskId.value(), "DRAFT"));
    }

    @PostMapping("/v1/release-tasks/{taskId}/start")
    ResponseEntity<TaskResponse> start(Caller caller, @PathVariable String taskId,
                                       @jakarta.validation.Valid @RequestBody(required = false) StartRequest request) {
        commands.sendAndWait(new io.fleetloop.api.ota.StartReleaseCommand(new ReleaseTaskId(taskId), caller.tenantId(),
                request == null ? null : request.deviceIds()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new TaskResponse(taskId, "RUNNING"));
    }

    /** Starts batch {@code index} now instead of waiting for the interval (the previous batch must have closed). */
    @PostMapping("/v1/release-tasks/{taskId}/batches/{batchIndex}/start")
    ResponseEntity<TaskResponse> startBatchNow(Caller caller, @PathVariable String taskId, @PathVariable int batchIndex) {
        commands.sendAndWait(new io.fleetloop.api.ota.StartBatchCommand(new ReleaseTaskId(taskId), caller.tenantId(), batchIndex));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new TaskResponse(taskId, "RUNNING"));
    }

    @PostMapping("/v1/release-tasks/{taskId}/pause")
    ResponseEntity<TaskResponse> pause(Caller caller, @PathVariable String taskId, @RequestBody(required = false) Reason reason) {
        commands.sendAndWait(new PauseReleaseCommand(new ReleaseTaskId(taskId), caller.tenantId(), reason == null ? null : reason.reason()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new TaskResponse(taskId, "PAUSED"));
    }

    @PostMapping("/v1/release-tasks/{taskId}/resume")
    ResponseEntity<TaskResponse> resume(Caller caller, @PathVariable String taskId) {
        commands.sendAndWait(new ResumeReleaseCommand(new ReleaseTaskId(taskId), caller.tenantId()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new TaskResponse(taskId, "RUNNING"));
    }

    @PostMapping("/v1/release-tasks/{taskId}/rollback")
    ResponseEntity<TaskResponse> rollback(Caller caller, @PathVariable String taskId, @RequestBody(required = false) Reason reason) {
        commands.sendAndWait(new RollbackReleaseCommand(new ReleaseTaskId(taskId), caller.tenantId(), reason == null ? null : reason.reason()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new TaskResponse(taskId, "ROLLED_BACK"));
    }
}
