package io.fleetloop.command.annotation;

import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationCorrectedEvent;
import io.fleetloop.api.annotation.AnnotationRejectedEvent;
import io.fleetloop.api.annotation.AnnotationResultCreatedEvent;
import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.ApproveAnnotationCommand;
import io.fleetloop.api.annotation.CorrectAnnotationCommand;
import io.fleetloop.api.annotation.CreateAnnotationResultCommand;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.RejectAnnotationCommand;
import io.fleetloop.api.annotation.ResultStatus;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The labels of one asset in one task, with QC (seed 000 §3): a pre-label is reviewed; a rejection needs a
 * reason and sends it back for correction; a correction is a new revision, reviewed again; an approved result
 * is final (approving again changes nothing) and only approved revisions are exported.
 */
@Aggregate
class AnnotationResult {

    static final String RESOURCE = "annotation result";
    static final int MAX_LABELS = 5_000;
    private static final Pattern CATEGORY = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,63}");

    @AggregateIdentifier
    private AnnotationResultId resultId;
    private String tenantId;
    private AnnotationTaskId taskId;
    private AnnotationType annotationType;
    private ResultStatus status;
    private int revision;
    private double spotCheckRate;

    AnnotationResult() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateAnnotationResultCommand command, Clock clock) {
        if (resultId != null) {
            requireSameTenant(tenantId, command, RESOURCE, resultId);
            return; // a re-run of the pre-labeling job: the first result stands
        }
        requireValid(command.labels(), command.annotationType());
        apply(new AnnotationResultCreatedEvent(command.resultId(), command.tenantId(), command.taskId(), command.assetId(),
                command.annotationType(), command.labels(), 1, command.labeler(), command.spotCheckRate(), clock.instant()));
    }

    @CommandHandler
    void handle(CorrectAnnotationCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, resultId);
        if (status == ResultStatus.APPROVED) {
            throw FleetloopException.conflict("annotation result " + resultId + " is approved; approved labels are final");
        }
        if (command.labels() == null) throw FleetloopException.invalid("labels", "required (may be empty)");
        requireValid(command.labels(), annotationType);
        apply(new AnnotationCorrectedEvent(resultId, tenantId, taskId, revision + 1, command.labels(), clock.instant()));
    }

    @CommandHandler
    void handle(ApproveAnnotationCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, resultId);
        if (status == ResultStatus.APPROVED) return;
        if (status == ResultStatus.REJECTED) {
            throw FleetloopException.conflict("annotation result " + resultId + " was rejected; correct it before approving");
        }
        apply(new AnnotationApprovedEvent(resultId, tenantId, taskId, revision, SpotCheck.draw(resultId, revision) < spotCheckRate, clock.instant()));
    }

    @CommandHandler
    void handle(RejectAnnotationCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, resultId);
        if (command.reason() == null || command.reason().isBlank()) throw FleetloopException.invalid("reason", "a rejection needs a reason");
        if (command.reason().length() > 2000) throw FleetloopException.invalid("reason", "at most 2000 characters");
        if (status == ResultStatus.APPROVED) {
            throw FleetloopException.conflict("annotation result " + resultId + " is approved; approved labels are final");
        }
        if (status == ResultStatus.REJECTED) return;
        apply(new AnnotationRejectedEvent(resultId, tenantId, taskId, revision, command.reason().strip(), clock.instant()));
    }

    static void requireValid(List<Label> labels, AnnotationType type) {
        if (labels.size() > MAX_LABELS) throw FleetloopException.invalid("labels", "at most " + MAX_LABELS + " labels");
        for (int i = 0; i < labels.size(); i++) {
            Label label = labels.get(i);
            String field = "labels[" + i + "]";
            if (label == null) throw FleetloopException.invalid(field, "required");
            if (label.category() == null || !CATEGORY.matcher(label.category()).matches()) {
                throw FleetloopException.invalid(field + ".category", "1-64 letters, digits, spaces or _ . -");
            }
            if (!(label.confidence() >= 0 && label.confidence() <= 1)) throw FleetloopException.invalid(field + ".confidence", "between 0 and 1");
            switch (type) {
                case BOX_2D -> {
                    Label.Box2D box = label.box2d();
                    if (box == null) throw FleetloopException.invalid(field + ".box2d", "required for BOX_2D");
                    if (!(box.width() > 0 && box.height() > 0 && Double.isFinite(box.x()) && Double.isFinite(box.y()))) {
                        throw FleetloopException.invalid(field + ".box2d", "finite position and positive width and height");
                    }
                }
                case BOX_3D -> {
                    Label.Box3D box = label.box3d();
                    if (box == null) throw FleetloopException.invalid(field + ".box3d", "required for BOX_3D");
                    if (!(box.length() > 0 && box.width() > 0 && box.height() > 0 && Double.isFinite(box.x())
                            && Double.isFinite(box.y()) && Double.isFinite(box.z()) && Double.isFinite(box.yaw()))) {
                        throw FleetloopException.invalid(field + ".box3d", "finite centre and yaw, positive length, width and height");
                    }
                }
                default -> { }
            }
        }
    }

    @EventSourcingHandler
    void on(AnnotationResultCreatedEvent event) {
        resultId = event.resultId();
        tenantId = event.tenantId();
        taskId = event.taskId();
        annotationType = event.annotationType();
        revision = event.revision();
        spotCheckRate = event.spotCheckRate();
        status = ResultStatus.PENDING_REVIEW;
    }

    @EventSourcingHandler
    void on(AnnotationCorrectedEvent event) {
        revision = event.revision();
        status = ResultStatus.PENDING_REVIEW;
    }

    @EventSourcingHandler
    void on(AnnotationApprovedEvent event) {
        status = ResultStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(AnnotationRejectedEvent event) {
        status = ResultStatus.REJECTED;
    }
}
