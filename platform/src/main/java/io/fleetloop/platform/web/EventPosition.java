package io.fleetloop.platform.web;

import io.fleetloop.api.common.FleetloopException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a command's events lie in the global event stream: after {@code after} (the store's head before the command)
 * and at or before {@code upTo} (its head once the command committed). Written as {@code after..upTo}; clients treat
 * it as opaque and hand it back.
 */
record EventPosition(long after, long upTo) {

    private static final Pattern TEXT = Pattern.compile("(-1|\\d{1,18})\\.\\.(\\d{1,18})");

    static long head(EventStore events) {
        TrackingToken head = events.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    static EventPosition parse(String header, String text) {
        Matcher matcher = TEXT.matcher(text.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) > Long.parseLong(matcher.group(2))) {
            throw FleetloopException.invalid(header, "a position as answered in X-Fleetloop-Position, e.g. 1041..1044");
        }
        return new EventPosition(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
    }

    /**
     * Whether a processor at this token has handled every event of the range. On the PostgreSQL store a token may
     * have passed an index while leaving it as a gap (a transaction that committed late): such a gap inside the range
     * may be one of the command's own events, so the range is reached only without one.
     */
    boolean reachedBy(TrackingToken token) {
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current == null || current.position().orElse(-1) < upTo) return false;
        return !(current instanceof GapAwareTrackingToken gapAware) || gapAware.getGaps().subSet(after + 1, upTo + 1).isEmpty();
    }

    @Override
    public String toString() {
        return after + ".." + upTo;
    }
}
