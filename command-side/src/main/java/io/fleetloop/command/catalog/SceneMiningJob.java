package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.CancelSceneMiningCommand;
import io.fleetloop.api.catalog.CompleteSceneMiningCommand;
import io.fleetloop.api.catalog.FailSceneMiningCommand;
import io.fleetloop.api.catalog.LongTailTagsComputedEvent;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.RecordLongTailTagsCommand;
import io.fleetloop.api.catalog.RecordSceneTagsDerivedCommand;
import io.fleetloop.api.catalog.MineScenesCommand;
import io.fleetloop.api.catalog.RequestSceneMiningCommand;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningCancelledEvent;
import io.fleetloop.api.catalog.SceneMiningCompletedEvent;
import io.fleetloop.api.catalog.SceneMiningFailedEvent;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.api.catalog.SceneMiningRequestedEvent;
import io.fleetloop.api.catalog.SceneTagsDerivedEvent;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One scene-mining run (seed 000 §9): requested → tags derived (the job) → long-tail tags computed (Elasticsearch
 * aggregations, query side) → completed once every asset carries its tags (the apply process). Failed or cancelled
 * end it; a step arriving after the end, or twice, is a no-op.
 */
@Aggregate
class SceneMiningJob {

    static final String RESOURCE = "scene-mining job";
    static final int MAX_ASSETS = 10_000;

    enum Status { REQUESTED, DERIVED, LONG_TAIL_COMPUTED, COMPLETED, FAILED, CANCELLED }

    @AggregateIdentifier
    private SceneMiningJobId jobId;
    private String tenantId;
    private Status status;
    private Set<AssetId> assets;
    private int rulesVersion;
    private List<MinedAsset> results;

    SceneMiningJob() {
    }

    @CommandHandler
    SceneMiningJob(RequestSceneMiningCommand command) {
        if (command.assets().isEmpty()) throw FleetloopException.invalid("assetIds", "no asset to mine (empty set)");
        if (command.assets().size() > MAX_ASSETS) {
            throw FleetloopException.invalid("assetIds", "at most " + MAX_ASSETS + " assets per job; narrow the filter");
        }
        apply(new SceneMiningRequestedEvent(command.jobId(), command.tenantId(), command.assets(), command.filter(), command.rules(),
                command.requestedAt()));
    }

    /**
     * {@code POST /v1/scene-mining} as a message (a workflow's mine-scenes node, whose job id derives from run, node and
     * attempt): the assets and the tenant's current rules come from the command side's own directory.
     */
    @CommandHandler
    SceneMiningJob(MineScenesCommand command, SceneMiningDirectory directory) {
        SceneMiningSelection.Selection selection = SceneMiningSelection.resolve(directory, command.tenantId(), command.assetIds(),
                command.filter());
        apply(new SceneMiningRequestedEvent(command.jobId(), command.tenantId(), selection.assets(), selection.filter(),
                directory.rules(command.tenantId()), command.requestedAt()));
    }

    @CommandHandler
    void handle(RecordSceneTagsDerivedCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, jobId);
        if (status != Status.REQUESTED) return;
        requireTheJobsAssets(command.assets());
        apply(new SceneTagsDerivedEvent(jobId, tenantId, command.assets(), rulesMaxFraction));
    }

    @CommandHandler
    void handle(RecordLongTailTagsCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, jobId);
        if (status != Status.DERIVED) return;
        requireTheJobsAssets(command.assets());
        apply(new LongTailTagsComputedEvent(jobId, tenantId, rulesVersion, command.assets(), command.minedAssets(), command.combinationCounts()));
    }

    @CommandHandler
    void handle(CompleteSceneMiningCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, jobId);
        if (status != Status.LONG_TAIL_COMPUTED) return;
        List<String> sceneTags = results.stream().flatMap(a -> a.sceneTags().stream()).collect(Collectors.toCollection(TreeSet::new))
                .stream().toList();
        List<String> longTail = results.stream().flatMap(a -> a.longTailTags().stream()).collect(Collectors.toCollection(TreeSet::new))
                .stream().toList();
        apply(new SceneMiningCompletedEvent(jobId, tenantId, results.stream().map(MinedAsset::assetId).toList(), sceneTags, longTail,
                results, rulesVersion));
    }

    @CommandHandler
    void handle(FailSceneMiningCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, jobId);
        if (ended()) return;
        apply(new SceneMiningFailedEvent(jobId, tenantId, command.reason()));
    }

    @CommandHandler
    void handle(CancelSceneMiningCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, jobId);
        if (ended()) {
            if (status == Status.CANCELLED) return;
            throw FleetloopException.conflict("scene-mining job " + jobId + " has ended (" + status + ")");
        }
        apply(new SceneMiningCancelledEvent(jobId, tenantId));
    }

    private boolean ended() {
        return status == Status.COMPLETED || status == Status.FAILED || status == Status.CANCELLED;
    }

    private void requireTheJobsAssets(List<MinedAsset> mined) {
        if (mined.size() != assets.size() || !mined.stream().map(MinedAsset::assetId).collect(Collectors.toSet()).equals(assets)) {
            throw FleetloopException.invalid("assets", "must be exactly the job's assets");
        }
    }

    private double rulesMaxFraction;

    @EventSourcingHandler
    void on(SceneMiningRequestedEvent event) {
        jobId = event.jobId();
        tenantId = event.tenantId();
        status = Status.REQUESTED;
        assets = event.assets().stream().map(SceneMiningAsset::assetId).collect(Collectors.toSet());
        rulesVersion = event.rules().version();
        rulesMaxFraction = event.rules().longTailMaxFraction();
    }

    @EventSourcingHandler
    void on(SceneTagsDerivedEvent event) {
        status = Status.DERIVED;
    }

    @EventSourcingHandler
    void on(LongTailTagsComputedEvent event) {
        status = Status.LONG_TAIL_COMPUTED;
        results = event.assets();
    }

    @EventSourcingHandler
    void on(SceneMiningCompletedEvent event) {
        status = Status.COMPLETED;
    }

    @EventSourcingHandler
    void on(SceneMiningFailedEvent event) {
        status = Status.FAILED;
    }

    @EventSourcingHandler
    void on(SceneMiningCancelledEvent event) {
        status = Status.CANCELLED;
    }
}
