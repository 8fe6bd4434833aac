package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.ApplyMinedSceneTagsCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetSceneTagsUpdatedEvent;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.AssignSceneTagsCommand;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A catalogued piece of data (seed 000 §2 steps 8–10). Registering the same asset again appends nothing. */
@Aggregate
class DataAsset {

    static final String RESOURCE = "asset";
    static final int MAX_TAGS = 64;
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.:/-]{0,63}");

    @AggregateIdentifier
    private AssetId assetId;
    private String tenantId;
    private List<String> sceneTags = List.of();
    private List<String> minedTags = List.of();
    private List<String> longTailTags = List.of();
    private List<String> combinations = List.of();

    DataAsset() {
    }

    /**
     * Registration creates the asset without loading anything: the id is content-addressed (tenant + sha256), so a
     * second registration of the same bytes appends a first event for an id that has one already, and the event store
     * refuses it (a unique violation on append, read by {@code CommandRefusals.isDuplicateAggregate}).
     * The senders answer that refusal as "registered already", the same answer as before. An id that is not the
     * content address of its tenant and content is refused, so a duplicate always means the same tenant's same bytes.
     */
    @CommandHandler
    DataAsset(RegisterAssetCommand command) {
        if (command.sha256() == null || !AssetId.contentAddressed(command.tenantId(), command.sha256()).equals(command.assetId())) {
            throw FleetloopException.invalid("assetId", "must be the content address of the tenant and sha256");
        }
        apply(new MetadataRegisteredEvent(command.assetId(), command.tenantId(), command.sourceId(),
                command.ingestionTaskId(), command.storagePath(), command.sizeBytes(), command.sha256(),
                command.modality(), command.ingestedAt(), command.attributes()));
    }

    @CommandHandler
    void handle(AssignSceneTagsCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, assetId);
        if (command.sceneTags().size() > MAX_TAGS) {
            throw FleetloopException.invalid("sceneTags", "at most " + MAX_TAGS + " tags");
        }
        for (String tag : command.sceneTags()) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw FleetloopException.invalid("sceneTags", "'" + tag + "' is not a valid tag (letters, digits, _ . : / -, at most 64)");
            }
        }
        List<String> sorted = command.sceneTags().stream().sorted().toList();
        if (sorted.equals(sceneTags)) {
            return;
        }
        apply(new SceneTagsAssignedEvent(assetId, tenantId, sorted));
    }

    /**
     * Seed 000 §9 step 3: a scene-mining job's tags replace the tags the previous job mined; tags set by hand stay.
     * The same result again appends nothing.
     */
    @CommandHandler
    void handle(ApplyMinedSceneTagsCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, assetId);
        MinedAsset mined = command.mined();
        if (!assetId.equals(mined.assetId())) throw FleetloopException.invalid("assetId", "the mined result is of another asset");
        for (String tag : mined.sceneTags()) {
            if (tag == null || !TAG.matcher(tag).matches()) throw FleetloopException.invalid("sceneTags", "'" + tag + "' is not a valid tag");
        }
        List<String> mine = mined.sceneTags().stream().sorted().toList();
        List<String> rare = mined.longTailTags().stream().sorted().toList();
        List<String> combos = mined.combinations().stream().sorted().toList();
        TreeSet<String> all = new TreeSet<>(sceneTags);
        all.removeAll(minedTags);
        all.addAll(mine);
        if (all.size() > MAX_TAGS) throw FleetloopException.invalid("sceneTags", "at most " + MAX_TAGS + " tags");
        if (mine.equals(minedTags) && rare.equals(longTailTags) && combos.equals(combinations)) return;
        apply(new AssetSceneTagsUpdatedEvent(assetId, tenantId, command.jobId(), command.rulesVersion(), mine, combos, rare));
        List<String> sorted = List.copyOf(all);
        if (!sorted.equals(sceneTags)) apply(new SceneTagsAssignedEvent(assetId, tenantId, sorted));
    }

    @EventSourcingHandler
    void on(AssetSceneTagsUpdatedEvent event) {
        minedTags = event.minedTags();
        longTailTags = event.longTailTags();
        combinations = event.combinations();
    }

    @EventSourcingHandler
    void on(MetadataRegisteredEvent event) {
        assetId = event.assetId();
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(SceneTagsAssignedEvent event) {
        sceneTags = event.sceneTags();
    }
}
