package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.BackfillStageReachedEvent;
import io.fleetloop.api.behavior.BackfillStalledEvent;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.FlagBackfillStalledCommand;
import io.fleetloop.api.behavior.MakeFeedbackDecisionCommand;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.RecordBackfillStageCommand;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Seed 000 §4 steps 9–11: the decision to collect more data like some problem samples, with the scope the
 * FeedbackDecisionService computed, and the progress of the backfill it started: each stage recorded once (a
 * repeat records nothing), and a stall flagged only while the awaited stage is still missing.
 */
@Aggregate
class FeedbackDecision {

    static final String RESOURCE = "feedback decision";
    static final int MAX_SAMPLES = 100;

    @AggregateIdentifier
    private FeedbackDecisionId decisionId;
    private String tenantId;
    private final Set<BackfillStage> reached = EnumSet.noneOf(BackfillStage.class);

    FeedbackDecision() {
    }

    @CommandHandler
    FeedbackDecision(MakeFeedbackDecisionCommand command, Clock clock) {
        if (command.sampleIds().isEmpty()) throw FleetloopException.invalid("sampleIds", "at least one problem sample");
        if (command.sampleIds().size() > MAX_SAMPLES) throw FleetloopException.invalid("sampleIds", "at most " + MAX_SAMPLES);
        NextIngestionScope scope = command.nextIngestionScope();
        if (scope == null || scope.sourceId() == null || scope.sourceId().isBlank()) {
            throw FleetloopException.invalid("sourceId", "a backfill needs a data source to ingest from");
        }
        if (scope.targetPath() == null || scope.targetPath().isBlank()) throw FleetloopException.invalid("targetPath", "required");
        if (scope.modalities().isEmpty()) throw FleetloopException.invalid("modality", "the backfill ingests one modality; none was given or derived");
        apply(new FeedbackDecisionMadeEvent(command.decisionId(), command.tenantId(), command.sampleIds(), scope, command.decidedBy(),
                clock.instant()));
    }

    @CommandHandler
    void handle(RecordBackfillStageCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, decisionId);
        if (command.stage() == null || command.reachedAt() == null) throw FleetloopException.invalid("stage", "stage and reachedAt are required");
        if (reached.contains(command.stage())) return;
        apply(new BackfillStageReachedEvent(decisionId, tenantId, command.stage(), command.refs(), command.reachedAt()));
    }

    @CommandHandler
    void handle(FlagBackfillStalledCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, decisionId);
        if (command.awaitedStage() == null || reached.contains(command.awaitedStage())) return; // reached meanwhile: not stalled
        apply(new BackfillStalledEvent(decisionId, tenantId, command.awaitedStage(), command.waitingSince(), command.flaggedAt()));
    }

    @EventSourcingHandler
    void on(FeedbackDecisionMadeEvent event) {
        decisionId = event.decisionId();
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(BackfillStageReachedEvent event) {
        reached.add(event.stage());
    }
}
