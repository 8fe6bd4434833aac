package io.fleetloop.formats.mcap;

import java.util.Set;

/**
 * Which messages to read: the topics (empty = all) and the log-time window {@code [fromNanos, toNanos)}.
 */
public record McapQuery(Set<String> topics, long fromNanos, long toNanos) {

    public static McapQuery all() {
        return new McapQuery(Set.of(), 0, Long.MAX_VALUE);
    }

    public McapQuery {
        topics = Set.copyOf(topics);
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("time range reversed: " + fromNanos + " > " + toNanos);
        }
    }

    boolean wantsTopic(String topic) {
        return topics.isEmpty() || topics.contains(topic);
    }

    boolean wantsTime(long logTime) {
        // Unsigned compare: MCAP timestamps are uint64.
        return Long.compareUnsigned(logTime, fromNanos) >= 0 && Long.compareUnsigned(logTime, toNanos) < 0;
    }

    boolean overlaps(long start, long end) {
        return Long.compareUnsigned(end, fromNanos) >= 0 && Long.compareUnsigned(start, toNanos) < 0;
    }
}
