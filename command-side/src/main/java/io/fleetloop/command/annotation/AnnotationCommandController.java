package io.fleetloop.command.annotation;

import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.ApproveAnnotationCommand;
import io.fleetloop.api.annotation.CorrectAnnotationCommand;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.annotation.RejectAnnotationCommand;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Annotation commands (seed 000 §3): create a task over assets (listed, or a catalog filter resolved now),
 * run its pre-labeling, and QC of its results: correct (a new revision), approve, reject with a reason.
 */
@RestController
class AnnotationCommandController {

    record CatalogFilter(Modality modality, @Size(max = 64) String sourceId, @Size(max = 64) String tag, @Size(max = 256) String q) {
    }

    record CreateAnnotationTaskRequest(@NotBlank @Size(max = 128) String name, @Size(max = AnnotationTask.MAX_ASSETS) List<@NotBlank String> assetIds,
                                       @Valid CatalogFilter filter, @NotNull AnnotationType annotationType,
                                       PreLabelConfig preLabelConfig, QcPolicy qcPolicy) {
    }

    record TaskResponse(String taskId, String status, int assetCount) {
    }

    record CorrectionRequest(@NotNull @Size(max = AnnotationResult.MAX_LABELS) List<@NotNull Label> labels) {
    }

    record RejectionRequest(@NotBlank @Size(max = 2000) String reason) {
    }

    private final CommandGateway commands;
    private final AssetDirectory directory;
    private final Clock clock;

    AnnotationCommandController(CommandGateway commands, AssetDirectory directory, Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
    }

    @PostMapping("/v1/annotation-tasks")
    ResponseEntity<TaskResponse> create(Caller caller, @Valid @RequestBody CreateAnnotationTaskRequest request) {
        boolean listed = request.assetIds() != null && !request.assetIds().isEmpty();
        if (listed == (request.filter() != null)) {
            throw FleetloopException.invalid("assetIds", "give either assetIds or a catalog filter");
        }
        List<AssetId> assets = listed ? request.assetIds().stream().map(AssetId::new).toList() : resolve(caller, request.filter());
        if (assets.isEmpty()) throw FleetloopException.invalid("filter", "matches no asset");
        AnnotationTaskId taskId = new AnnotationTaskId(UUID.randomUUID().toString());
        commands.sendAndWait(new CreateAnnotationTaskCommand(taskId, caller.tenantId(), request.name(), assets,
                request.annotationType(), request.preLabelConfig(), request.qcPolicy(), "user:" + caller.operator()));
        return ResponseEntity.created(URI.create("/v1/annotation-tasks/" + taskId))
                .body(new TaskResponse(taskId.value(), "CREATED", assets.size()));
    }

    /**
     * The catalog filter, resolved once at creation (the task's assets never change afterwards) from the command
     * side's own asset directory, which the registering command's transaction keeps up to date.
     */
    private List<AssetId> resolve(Caller caller, CatalogFilter filter) {
        List<AssetId> assets = directory.match(caller.tenantId(), filter.modality(), filter.sourceId(), filter.tag(), filter.q(),
                AnnotationTask.MAX_ASSETS + 1);
        if (assets.size() > AnnotationTask.MAX_ASSETS) {
            throw FleetloopException.invalid("filter", "matches more than " + AnnotationTask.MAX_ASSETS + " assets; narrow it");
        }
        return assets;
    }

    @PostMapping("/v1/annotation-tasks/{taskId}/run-prelabeling")
    ResponseEntity<TaskResponse> runPreLabeling(Caller caller, @PathVariable String taskId) {
        DispatchDecision decision = commands.sendAndWait(new AdmitDispatchCommand(caller.tenantId(), LoopContext.ANN, taskId,
                List.of("prelabeled-assets", "worker-seconds"), clock.instant()));
        decision.requireAdmitted();
        int assetCount = commands.sendAndWait(new RunPreLabelingCommand(new AnnotationTaskId(taskId), caller.tenantId()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/annotation-tasks/" + taskId))
                .body(new TaskResponse(taskId, "PRELABELING", assetCount));
    }

    @PutMapping("/v1/annotation-results/{resultId}")
    ResponseEntity<Void> correct(Caller caller, @PathVariable String resultId, @Valid @RequestBody CorrectionRequest request) {
        commands.sendAndWait(new CorrectAnnotationCommand(new AnnotationResultId(resultId), caller.tenantId(), request.labels()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/v1/annotation-results/{resultId}/approve")
    ResponseEntity<Void> approve(Caller caller, @PathVariable String resultId) {
        commands.sendAndWait(new ApproveAnnotationCommand(new AnnotationResultId(resultId), caller.tenantId()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/v1/annotation-results/{resultId}/reject")
    ResponseEntity<Void> reject(Caller caller, @PathVariable String resultId, @Valid @RequestBody RejectionRequest request) {
        commands.sendAndWait(new RejectAnnotationCommand(new AnnotationResultId(resultId), caller.tenantId(), request.reason()));
        return ResponseEntity.noContent().build();
    }
}
