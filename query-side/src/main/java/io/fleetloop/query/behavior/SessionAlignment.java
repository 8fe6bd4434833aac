package io.fleetloop.query.behavior;

import io.fleetloop.api.behavior.BehaviorSessionView;
import io.fleetloop.api.behavior.SourceKind;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.formats.align.AlignedSource;
import io.fleetloop.formats.align.Interpolation;
import io.fleetloop.formats.align.TimeAligner;
import io.fleetloop.formats.sources.RecordingSources;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a session's aligner from its recorded settings (sources with their clock offsets, interpolation overrides,
 * largest gap), so the same session always aligns the same way, and checks a requested window against the session.
 */
@Component
class SessionAlignment {

    static final double MAX_RATE_HZ = 1000;

    /** A checked window: {@code [fromNanos, toNanos)} on a {@code rateHz} grid, the channels wanted (empty = all). */
    record Window(long fromNanos, long toNanos, double rateHz, Set<String> channels) {
        long frames() {
            return (long) Math.ceil((toNanos - fromNanos) * rateHz / 1e9 - 1e-9);
        }

        long time(long index) {
            return fromNanos + Math.round(index * 1e9 / rateHz);
        }
    }

    private final RecordingStore store;

    SessionAlignment(RecordingStore store) {
        this.store = store;
    }

    TimeAligner aligner(BehaviorSessionView session) {
        Map<String, String> paths = new TreeMap<>();
        session.sources().forEach(s -> paths.put(s.assetId(), s.storagePath()));
        List<AlignedSource> sources = session.sources().stream().filter(s -> s.kind() != SourceKind.DBC)
                .map(s -> new AlignedSource(s.name(), s.clockOffsetNanos(), () -> RecordingSources.open(s.name(), s.kind().name(),
                        s.assetId(), s.options(), id -> {
                            String path = paths.get(id);
                            if (path == null) throw new IOException("asset " + id + " is not stored (yet)");
                            return store.open(path);
                        })))
                .toList();
        Map<String, Interpolation> overrides = new TreeMap<>();
        session.interpolation().forEach((channel, policy) -> overrides.put(channel, Interpolation.valueOf(policy.name())));
        return new TimeAligner(sources, overrides, Duration.ofNanos(session.maxGapNanos()));
    }

    Window window(BehaviorSessionView session, String from, String to, Double rateHz, String channels, long maxFrames) {
        long sessionFrom = nanos(session.from());
        long sessionTo = nanos(session.to());
        long f = from == null || from.isBlank() ? sessionFrom : parse("from", from);
        long t = to == null || to.isBlank() ? sessionTo : parse("to", to);
        if (t <= f) throw FleetloopException.invalid("to", "must be after from");
        if (f < sessionFrom || t > sessionTo) {
            throw FleetloopException.invalid("from", "the window must lie within the session (" + session.from() + " .. " + session.to() + ")");
        }
        double rate = rateHz == null ? 10 : rateHz;
        if (!(rate > 0 && rate <= MAX_RATE_HZ)) throw FleetloopException.invalid("rateHz", "between 0 and " + (int) MAX_RATE_HZ);
        Set<String> wanted = channels == null || channels.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.stream(channels.split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList());
        Window window = new Window(f, t, rate, wanted);
        if (window.frames() > maxFrames) {
            throw FleetloopException.invalid("rateHz", "the window holds " + window.frames() + " frames at " + rate
                    + " Hz, more than the limit of " + maxFrames + " frames; shorten the window or lower the rate");
        }
        return window;
    }

    /** An ISO-8601 instant or epoch nanoseconds. */
    static long parse(String field, String value) {
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit)) return Long.parseLong(v);
            return nanos(Instant.parse(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw FleetloopException.invalid(field, "an ISO-8601 instant or epoch nanoseconds");
        }
    }

    static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
