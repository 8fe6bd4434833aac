package io.fleetloop.command.diagnosis;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.diagnosis.CreateKnowledgeEntryCommand;
import io.fleetloop.api.diagnosis.FirmwareRange;
import io.fleetloop.api.diagnosis.KnowledgeContent;
import io.fleetloop.api.diagnosis.KnowledgeEntryCreatedEvent;
import io.fleetloop.api.diagnosis.KnowledgeEntryId;
import io.fleetloop.api.diagnosis.KnowledgeEntryRetiredEvent;
import io.fleetloop.api.diagnosis.KnowledgeEntryUpdatedEvent;
import io.fleetloop.api.diagnosis.RetireKnowledgeEntryCommand;
import io.fleetloop.api.diagnosis.UpdateKnowledgeEntryCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Seed 004: one knowledge-base entry (error code, symptoms, causes, fixes, applicable platforms and firmware range).
 * Every change is a new version; a retired entry is never retrieved again and takes no more updates. The content is
 * validated here (a firmware range that is not one is a 400 naming {@code firmwareRange}).
 */
@Aggregate
class KnowledgeEntry {

    static final String RESOURCE = "knowledge entry";
    static final int MAX_TEXT = 8000;
    static final int MAX_PLATFORMS = 32;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");
    private static final Pattern PLATFORM = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    @AggregateIdentifier
    private KnowledgeEntryId entryId;
    private String tenantId;
    private int version;
    private boolean retired;

    KnowledgeEntry() {
    }

    @CommandHandler
    KnowledgeEntry(CreateKnowledgeEntryCommand command, Clock clock) {
        KnowledgeContent content = validated(command.content());
        apply(new KnowledgeEntryCreatedEvent(command.entryId(), command.tenantId(), 1, content, command.author(), clock.instant()));
    }

    @CommandHandler
    void handle(UpdateKnowledgeEntryCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, entryId);
        if (retired) throw FleetloopException.conflict("knowledge entry " + entryId + " is retired");
        if (command.expectedVersion() != null && command.expectedVersion() != version) {
            throw FleetloopException.conflict("knowledge entry " + entryId + " is at version " + version + ", not " + command.expectedVersion());
        }
        KnowledgeContent content = validated(command.content());
        apply(new KnowledgeEntryUpdatedEvent(entryId, tenantId, version + 1, content, command.author(), clock.instant()));
    }

    @CommandHandler
    void handle(RetireKnowledgeEntryCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, entryId);
        if (retired) return;
        apply(new KnowledgeEntryRetiredEvent(entryId, tenantId, version + 1, command.reason(), command.author(), clock.instant()));
    }

    static KnowledgeContent validated(KnowledgeContent content) {
        if (content == null) throw FleetloopException.invalid("content", "required");
        if (content.errorCode() == null || !CODE.matcher(content.errorCode().strip()).matches()) {
            throw FleetloopException.invalid("errorCode", "1-64 letters, digits or _ . : -");
        }
        requireText("title", content.title(), 300, true);
        requireText("symptoms", content.symptoms(), MAX_TEXT, true);
        requireText("causes", content.causes(), MAX_TEXT, false);
        requireText("fixes", content.fixes(), MAX_TEXT, true);
        if (content.vehiclePlatforms().isEmpty()) throw FleetloopException.invalid("vehiclePlatforms", "at least one platform");
        if (content.vehiclePlatforms().size() > MAX_PLATFORMS) throw FleetloopException.invalid("vehiclePlatforms", "at most " + MAX_PLATFORMS);
        LinkedHashSet<String> platforms = new LinkedHashSet<>();
        for (String platform : content.vehiclePlatforms()) {
            if (platform == null || !PLATFORM.matcher(platform.strip()).matches()) {
                throw FleetloopException.invalid("vehiclePlatforms", "1-64 letters, digits or _ . -");
            }
            platforms.add(platform.strip());
        }
        FirmwareRange.Result range = FirmwareRange.parse(content.firmwareRange());
        if (!range.valid()) throw FleetloopException.invalid("firmwareRange", range.error());
        return new KnowledgeContent(content.errorCode().strip(), content.title().strip(), content.symptoms().strip(),
                content.causes() == null ? "" : content.causes().strip(), content.fixes().strip(), List.copyOf(platforms),
                range.range().text());
    }

    private static void requireText(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) throw FleetloopException.invalid(field, "required");
            return;
        }
        if (value.length() > max) throw FleetloopException.invalid(field, "at most " + max + " characters");
    }

    @EventSourcingHandler
    void on(KnowledgeEntryCreatedEvent event) {
        entryId = event.entryId();
        tenantId = event.tenantId();
        version = event.version();
    }

    @EventSourcingHandler
    void on(KnowledgeEntryUpdatedEvent event) {
        version = event.version();
    }

    @EventSourcingHandler
    void on(KnowledgeEntryRetiredEvent event) {
        version = event.version();
        retired = true;
    }
}
