package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.BehaviorSessionAlignmentRecordedEvent;
import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.CreateBehaviorSessionCommand;
import io.fleetloop.api.behavior.SessionSource;
import io.fleetloop.api.behavior.SourceKind;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A behaviour session (seed 000 §4 steps 1–2): a fixed set of the tenant's assets on one timeline, with the time
 * range they cover and the alignment settings (clock offsets, interpolation overrides, largest gap) recorded as
 * events so every aligned view of it can be reproduced.
 */
@Aggregate
class BehaviorSession {

    static final int MAX_SOURCES = 32;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:/-]{0,127}");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    @AggregateIdentifier
    private BehaviorSessionId sessionId;

    BehaviorSession() {
    }

    @CommandHandler
    BehaviorSession(CreateBehaviorSessionCommand command, BehaviorAssetDirectory assets, Clock clock) {
        if (command.name() == null || !NAME.matcher(command.name()).matches()) {
            throw FleetloopException.invalid("name", "1-128 letters, digits, spaces or _ . : / -, starting with a letter or digit");
        }
        if (command.sources().isEmpty()) throw FleetloopException.invalid("sources", "at least one source");
        if (command.sources().size() > MAX_SOURCES) throw FleetloopException.invalid("sources", "at most " + MAX_SOURCES + " sources");
        if (command.from() == null || command.to() == null || command.to().isBefore(command.from())) {
            throw FleetloopException.invalid("from", "the sources cover no time range");
        }
        if (command.maxGapNanos() <= 0) throw FleetloopException.invalid("maxGapMillis", "must be positive");
        Set<AssetId> seen = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (SessionSource source : command.sources()) {
            if (!seen.add(source.assetId())) throw FleetloopException.invalid("sources", "asset " + source.assetId() + " listed twice");
            if (!assets.belongsTo(command.tenantId(), source.assetId())) throw FleetloopException.notFound("asset", source.assetId().value());
            if (source.kind() != SourceKind.DBC) {
                String name = source.options().get("name");
                if (name == null || !SOURCE_NAME.matcher(name).matches() || !names.add(name)) {
                    throw FleetloopException.invalid("sources", "each source needs a distinct name (a-z, 0-9, _ -): " + name);
                }
            }
            String dbc = source.options().get("dbcAssetId");
            if (dbc != null && !assets.belongsTo(command.tenantId(), new AssetId(dbc))) throw FleetloopException.notFound("asset", dbc);
        }
        var now = clock.instant();
        apply(new BehaviorSessionCreatedEvent(command.sessionId(), command.tenantId(), command.name(), command.deviceId(),
                command.sources(), command.from(), command.to(), command.sceneTags(), command.createdBy(), now));
        apply(new BehaviorSessionAlignmentRecordedEvent(command.sessionId(), command.tenantId(), command.interpolation(),
                command.estimates(), command.maxGapNanos(), now));
    }

    @EventSourcingHandler
    void on(BehaviorSessionCreatedEvent event) {
        this.sessionId = event.sessionId();
    }
}
