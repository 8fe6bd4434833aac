package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.ExportProblemSampleToAnnotationCommand;
import io.fleetloop.api.behavior.IdentifyProblemSampleCommand;
import io.fleetloop.api.behavior.ProblemSampleExportedToAnnotationEvent;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Seed 000 §4 step 5: a stretch of a behaviour session an engineer attributes a problem to. The session must be the
 * tenant's (else 404, like a missing one) and the segment must lie inside the session's range, forward in time.
 * The identified event carries the session's assets, device and scene tags, so later steps look nothing up.
 */
@Aggregate
class ProblemSample {

    static final String RESOURCE = "problem sample";
    static final int MAX_CHANNELS = 64;
    static final int MAX_NOTES = 4000;
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_./:\\-]{1,128}");

    @AggregateIdentifier
    private ProblemSampleId sampleId;
    private String tenantId;
    private List<AssetId> assetIds;
    private final Set<String> exportedTo = new HashSet<>();

    ProblemSample() {
    }

    @CommandHandler
    ProblemSample(IdentifyProblemSampleCommand command, BehaviorDirectory directory, Clock clock) {
        if (command.sessionId() == null) throw FleetloopException.invalid("sessionId", "required");
        if (command.problemType() == null) throw FleetloopException.invalid("problemType", "PERCEPTION, DECISION, CONTROL or DEVICE");
        if (command.severity() == null) throw FleetloopException.invalid("severity", "LOW, MEDIUM, HIGH or CRITICAL");
        if (command.notes() != null && command.notes().length() > MAX_NOTES) throw FleetloopException.invalid("notes", "at most " + MAX_NOTES + " characters");
        RootCauseSegment segment = command.rootCauseSegment();
        if (segment == null || segment.from() == null || segment.to() == null) {
            throw FleetloopException.invalid("rootCauseSegment", "from and to are required");
        }
        if (!segment.from().isBefore(segment.to())) throw FleetloopException.invalid("rootCauseSegment", "from must be before to");
        if (segment.channels().size() > MAX_CHANNELS) throw FleetloopException.invalid("rootCauseSegment.channels", "at most " + MAX_CHANNELS);
        for (String channel : segment.channels()) {
            if (channel == null || !CHANNEL.matcher(channel).matches()) {
                throw FleetloopException.invalid("rootCauseSegment.channels", "1-128 letters, digits or _ . / : -");
            }
        }
        BehaviorDirectory.Session session = directory.session(command.tenantId(), command.sessionId())
                .orElseThrow(() -> FleetloopException.notFound("behavior session", command.sessionId().value()));
        if (segment.from().isBefore(session.from()) || segment.to().isAfter(session.to())) {
            throw FleetloopException.invalid("rootCauseSegment", "must lie inside the session's range " + session.from() + " – " + session.to());
        }
        apply(new ProblemSampleIdentifiedEvent(command.sampleId(), command.tenantId(), command.sessionId(), command.problemType(),
                new RootCauseSegment(segment.from(), segment.to(), List.copyOf(new java.util.LinkedHashSet<>(segment.channels()))),
                command.severity(), command.notes(), session.assetIds(), session.deviceId(), session.sceneTags(), command.identifiedBy(),
                clock.instant()));
    }

    /** Each annotation task is recorded once; the same task again records nothing. */
    @CommandHandler
    void handle(ExportProblemSampleToAnnotationCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, sampleId);
        if (command.annotationTaskId() == null) throw FleetloopException.invalid("annotationTaskId", "required");
        if (exportedTo.contains(command.annotationTaskId().value())) return;
        apply(new ProblemSampleExportedToAnnotationEvent(sampleId, tenantId, command.annotationTaskId(), assetIds, clock.instant()));
    }

    @EventSourcingHandler
    void on(ProblemSampleIdentifiedEvent event) {
        sampleId = event.sampleId();
        tenantId = event.tenantId();
        assetIds = event.assetIds();
    }

    @EventSourcingHandler
    void on(ProblemSampleExportedToAnnotationEvent event) {
        exportedTo.add(event.annotationTaskId().value());
    }
}
