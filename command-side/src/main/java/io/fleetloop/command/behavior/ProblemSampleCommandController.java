package io.fleetloop.command.behavior;

import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.ExportProblemSampleToAnnotationCommand;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.IdentifyProblemSampleCommand;
import io.fleetloop.api.behavior.MakeFeedbackDecisionCommand;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.Severity;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Seed 000 §4 steps 5–10: mark a problem sample in a behaviour session, send samples' assets to annotation, or
 * trigger a backfill (the FeedbackDecisionService computes the next ingestion scope; the backfill saga runs it).
 */
@RestController
class ProblemSampleCommandController {

    record Segment(@NotNull Instant from, @NotNull Instant to, @Size(max = ProblemSample.MAX_CHANNELS) List<String> channels) {
    }

    record IdentifyRequest(@NotBlank @Size(max = 64) String sessionId, @NotNull ProblemType problemType, @NotNull @Valid Segment rootCauseSegment,
                           @NotNull Severity severity, @Size(max = ProblemSample.MAX_NOTES) String notes) {
    }

    record SampleResponse(String sampleId, String sessionId) {
    }

    record ExportRequest(@NotEmpty @Size(max = FeedbackDecision.MAX_SAMPLES) List<@NotBlank String> sampleIds, @NotNull AnnotationType annotationType,
                         PreLabelConfig preLabelConfig, QcPolicy qcPolicy) {
    }

    record ExportResponse(String annotationTaskId, List<String> sampleIds, int assetCount) {
    }

    record BackfillRequest(@NotEmpty @Size(max = FeedbackDecision.MAX_SAMPLES) List<@NotBlank String> sampleIds, @Size(max = 64) String sourceId,
                           @Size(max = 512) String includePattern, @Size(max = 512) String targetPath, Modality modality,
                           Integer preSeconds, Integer postSeconds, @Size(max = 3) List<String> deviceTypes) {
    }

    record DecisionResponse(String decisionId, List<String> sampleIds, NextIngestionScope nextIngestionScope) {
    }

    private final CommandGateway commands;
    private final BehaviorDirectory directory;
    private final FeedbackDecisionService decisions;

    ProblemSampleCommandController(CommandGateway commands, BehaviorDirectory directory, FeedbackDecisionService decisions) {
        this.commands = commands;
        this.directory = directory;
        this.decisions = decisions;
    }

    @PostMapping("/v1/problem-samples")
    ResponseEntity<SampleResponse> identify(Caller caller, @Valid @RequestBody IdentifyRequest request) {
        ProblemSampleId sampleId = new ProblemSampleId(UUID.randomUUID().toString());
        Segment segment = request.rootCauseSegment();
        commands.sendAndWait(new IdentifyProblemSampleCommand(sampleId, caller.tenantId(), new BehaviorSessionId(request.sessionId()),
                request.problemType(), new RootCauseSegment(segment.from(), segment.to(), segment.channels()), request.severity(),
                request.notes(), "user:" + caller.operator()));
        return ResponseEntity.created(URI.create("/v1/problem-samples/" + sampleId))
                .body(new SampleResponse(sampleId.value(), request.sessionId()));
    }

    /** One annotation task over the union of the samples' assets; each sample records the task. */
    @PostMapping("/v1/problem-samples/export-to-annotation")
    ResponseEntity<ExportResponse> exportToAnnotation(Caller caller, @Valid @RequestBody ExportRequest request) {
        List<BehaviorDirectory.Sample> samples = samplesOf(caller, request.sampleIds());
        Set<AssetId> assets = new LinkedHashSet<>();
        samples.forEach(s -> assets.addAll(s.assetIds()));
        if (assets.isEmpty()) throw FleetloopException.invalid("sampleIds", "the samples' sessions have no assets");
        AnnotationTaskId taskId = new AnnotationTaskId(UUID.randomUUID().toString());
        String name = "problem samples " + samples.get(0).sampleId().value().substring(0, 8) + (samples.size() > 1 ? " +" + (samples.size() - 1) : "");
        commands.sendAndWait(new CreateAnnotationTaskCommand(taskId, caller.tenantId(), name, List.copyOf(assets), request.annotationType(),
                request.preLabelConfig(), request.qcPolicy(), "problem-samples:" + "user:" + caller.operator()));
        for (BehaviorDirectory.Sample sample : samples) {
            commands.sendAndWait(new ExportProblemSampleToAnnotationCommand(sample.sampleId(), caller.tenantId(), taskId));
        }
        return ResponseEntity.created(URI.create("/v1/annotation-tasks/" + taskId))
                .body(new ExportResponse(taskId.value(), samples.stream().map(s -> s.sampleId().value()).toList(), assets.size()));
    }

    @PostMapping("/v1/problem-samples/trigger-backfill")
    ResponseEntity<DecisionResponse> triggerBackfill(Caller caller, @Valid @RequestBody BackfillRequest request) {
        List<BehaviorDirectory.Sample> samples = samplesOf(caller, request.sampleIds());
        FeedbackDecisionId decisionId = new FeedbackDecisionId(UUID.randomUUID().toString());
        NextIngestionScope scope = decisions.scope(decisionId, caller.tenantId(), samples, new FeedbackDecisionService.Options(request.sourceId(),
                request.includePattern(), request.targetPath(), request.modality(), request.preSeconds(), request.postSeconds(), request.deviceTypes()));
        List<ProblemSampleId> sampleIds = samples.stream().map(BehaviorDirectory.Sample::sampleId).toList();
        commands.sendAndWait(new MakeFeedbackDecisionCommand(decisionId, caller.tenantId(), sampleIds, scope, "user:" + caller.operator()));
        return ResponseEntity.created(URI.create("/v1/feedback-decisions/" + decisionId))
                .body(new DecisionResponse(decisionId.value(), sampleIds.stream().map(ProblemSampleId::value).toList(), scope));
    }

    /** The tenant's samples, each once, in the order asked; any unknown (or another tenant's) id is 404. */
    private List<BehaviorDirectory.Sample> samplesOf(Caller caller, List<String> ids) {
        List<ProblemSampleId> wanted = ids.stream().map(String::strip).distinct().map(ProblemSampleId::new).toList();
        List<BehaviorDirectory.Sample> found = directory.samples(caller.tenantId(), wanted);
        for (ProblemSampleId id : wanted) {
            if (found.stream().noneMatch(s -> s.sampleId().equals(id))) throw FleetloopException.notFound("problem sample", id.value());
        }
        return found;
    }
}
