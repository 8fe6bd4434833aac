package io.fleetloop.command.annotation;

import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCreatedEvent;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationTaskStatus;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.CompleteAnnotationTaskCommand;
import io.fleetloop.api.annotation.CompletePreLabelingCommand;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.FailPreLabelingCommand;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.PreLabelingCompletedEvent;
import io.fleetloop.api.annotation.PreLabelingFailedEvent;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An annotation task over a fixed set of assets (seed 000 §3): created → pre-labelled (by a job) → in review
 * → completed once every result is approved. A failed pre-labeling can be run again.
 */
@Aggregate
class AnnotationTask {

    static final String RESOURCE = "annotation task";
    static final int MAX_ASSETS = 10_000;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:/-]{0,127}");

    @AggregateIdentifier
    private AnnotationTaskId taskId;
    private String tenantId;
    private AnnotationTaskStatus status;
    private int attempt;
    private List<AssetId> assetIds;
    private AnnotationType annotationType;
    private PreLabelConfig preLabelConfig;
    private QcPolicy qcPolicy;
    private int exports;
    private final java.util.Map<io.fleetloop.api.annotation.ExportFormat, io.fleetloop.api.annotation.DatasetExportedEvent> lastExport =
            new java.util.EnumMap<>(io.fleetloop.api.annotation.ExportFormat.class);

    AnnotationTask() {
    }

    @CommandHandler
    AnnotationTask(CreateAnnotationTaskCommand command, AssetDirectory assets, Clock clock) {
        if (command.name() == null || !NAME.matcher(command.name()).matches()) {
            throw FleetloopException.invalid("name", "1-128 letters, digits, spaces or _ . : / -, starting with a letter or digit");
        }
        if (command.assetIds().isEmpty()) throw FleetloopException.invalid("assetIds", "at least one asset");
        if (command.assetIds().size() > MAX_ASSETS) throw FleetloopException.invalid("assetIds", "at most " + MAX_ASSETS + " assets");
        if (command.annotationType() == null) throw FleetloopException.invalid("annotationType", "required");
        PreLabelConfig preLabel = validPreLabel(command.preLabelConfig(), command.annotationType());
        QcPolicy qc = command.qcPolicy() == null ? new QcPolicy(0.1) : command.qcPolicy();
        if (!(qc.spotCheckRate() >= 0 && qc.spotCheckRate() <= 1)) {
            throw FleetloopException.invalid("qcPolicy.spotCheckRate", "between 0 and 1");
        }
        List<AssetId> distinct = List.copyOf(new LinkedHashSet<>(command.assetIds()));
        for (AssetId asset : distinct) {
            if (!assets.belongsTo(command.tenantId(), asset)) throw FleetloopException.notFound("asset", asset.value());
        }
        apply(new AnnotationTaskCreatedEvent(command.taskId(), command.tenantId(), command.name(), distinct,
                command.annotationType(), preLabel, qc, command.origin() == null ? "user" : command.origin(), clock.instant()));
    }

    private static PreLabelConfig validPreLabel(PreLabelConfig config, AnnotationType type) {
        PreLabelConfig effective = config == null || config.labeler() == null
                ? new PreLabelConfig(PreLabelConfig.Labeler.BUILTIN_LIDAR, null, config == null ? 0.3 : config.minConfidence())
                : config;
        if (!(effective.minConfidence() >= 0 && effective.minConfidence() <= 1)) {
            throw FleetloopException.invalid("preLabelConfig.minConfidence", "between 0 and 1");
        }
        if (effective.labeler() == PreLabelConfig.Labeler.BUILTIN_LIDAR && type != AnnotationType.BOX_3D) {
            throw FleetloopException.invalid("preLabelConfig.labeler", "BUILTIN_LIDAR labels BOX_3D tasks; use HTTP for " + type);
        }
        if (effective.labeler() == PreLabelConfig.Labeler.GROUND_TRUTH && type != AnnotationType.BOX_3D) {
            throw FleetloopException.invalid("preLabelConfig.labeler", "GROUND_TRUTH (simulated 3D boxes) labels BOX_3D tasks");
        }
        if (effective.labeler() == PreLabelConfig.Labeler.HTTP) {
            try {
                URI uri = URI.create(effective.endpoint());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) throw new IllegalArgumentException();
            } catch (RuntimeException e) {
                throw FleetloopException.invalid("preLabelConfig.endpoint", "an http(s) URL of the model endpoint");
            }
        }
        return effective;
    }

    /** Answers the number of assets being pre-labelled, so the caller learns it without waiting for a read model. */
    @CommandHandler
    int handle(RunPreLabelingCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status != AnnotationTaskStatus.CREATED) {
            throw FleetloopException.conflict("annotation task " + taskId + " is " + status + "; pre-labeling runs on a CREATED task");
        }
        apply(new PreLabelingStartedEvent(taskId, tenantId, attempt + 1, assetIds, annotationType, preLabelConfig, qcPolicy,
                clock.instant()));
        return assetIds.size();
    }

    @CommandHandler
    void handle(CompletePreLabelingCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status != AnnotationTaskStatus.PRELABELING || command.attempt() != attempt) return; // a stale or repeated job
        apply(new PreLabelingCompletedEvent(taskId, tenantId, List.copyOf(command.resultIds()), clock.instant()));
    }

    @CommandHandler
    void handle(FailPreLabelingCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status != AnnotationTaskStatus.PRELABELING || command.attempt() != attempt) return;
        String reason = command.reason() == null || command.reason().isBlank() ? "pre-labeling failed" : command.reason();
        apply(new PreLabelingFailedEvent(taskId, tenantId, attempt, reason.length() > 2000 ? reason.substring(0, 2000) : reason,
                clock.instant()));
    }

    @CommandHandler
    void handle(CompleteAnnotationTaskCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == AnnotationTaskStatus.COMPLETED) return;
        if (status != AnnotationTaskStatus.IN_REVIEW) {
            throw FleetloopException.conflict("annotation task " + taskId + " is " + status + ", not IN_REVIEW");
        }
        apply(new AnnotationTaskCompletedEvent(taskId, tenantId, clock.instant()));
    }

    /** A new dataset version, unless the content equals the last export in that format (then that version stands). */
    @CommandHandler
    int handle(io.fleetloop.api.annotation.RecordDatasetExportCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        var last = lastExport.get(command.format());
        if (last != null && last.sha256().equals(command.sha256())) return last.version();
        if (command.results().isEmpty()) throw FleetloopException.conflict("annotation task " + taskId + " has no approved result to export");
        apply(new io.fleetloop.api.annotation.DatasetExportedEvent(taskId, tenantId, command.datasetAssetId(), command.format(),
                exports + 1, command.storagePath(), command.sha256(), command.sizeBytes(), command.results(), clock.instant()));
        return exports;
    }

    @EventSourcingHandler
    void on(io.fleetloop.api.annotation.DatasetExportedEvent event) {
        exports = event.version();
        lastExport.put(event.format(), event);
    }

    @EventSourcingHandler
    void on(AnnotationTaskCreatedEvent event) {
        taskId = event.taskId();
        tenantId = event.tenantId();
        assetIds = event.assetIds();
        annotationType = event.annotationType();
        preLabelConfig = event.preLabelConfig();
        qcPolicy = event.qcPolicy();
        status = AnnotationTaskStatus.CREATED;
    }

    @EventSourcingHandler
    void on(PreLabelingStartedEvent event) {
        status = AnnotationTaskStatus.PRELABELING;
        attempt = event.attempt();
    }

    @EventSourcingHandler
    void on(PreLabelingCompletedEvent event) {
        status = AnnotationTaskStatus.IN_REVIEW;
    }

    @EventSourcingHandler
    void on(PreLabelingFailedEvent event) {
        status = AnnotationTaskStatus.CREATED;
    }

    @EventSourcingHandler
    void on(AnnotationTaskCompletedEvent event) {
        status = AnnotationTaskStatus.COMPLETED;
    }

    static AnnotationResultId resultIdOf(AnnotationTaskId task, AssetId asset) {
        return AnnotationResultId.derivedFrom(task, asset);
    }
}
