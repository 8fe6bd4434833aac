package io.fleetloop.api.behavior;

import java.time.Instant;
import java.util.List;

/** The stretch of a session (inclusive {@code from}, exclusive {@code to}) and the channels that show the problem. */
public record RootCauseSegment(Instant from, Instant to, List<String> channels) {
    public RootCauseSegment {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}
