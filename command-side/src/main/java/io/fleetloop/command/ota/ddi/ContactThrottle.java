package io.fleetloop.command.ota.ddi;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether a device's poll needs its last contact written, so that a device polling every second costs no
 * write per poll. Remembers at most {@code capacity} devices (least recently polled dropped first): at a million
 * devices an unbounded map would keep every one; a forgotten device only costs one more upsert, which the table's
 * own guard turns into a no-op.
 */
final class ContactThrottle {

    private final Duration interval;
    private final Map<String, Instant> written;

    ContactThrottle(int capacity, Duration interval) {
        this.interval = interval;
        this.written = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether to write this contact; if so it counts as written. */
    synchronized boolean shouldWrite(String key, Instant at) {
        Instant last = written.get(key);
        if (last != null && last.isAfter(at.minus(interval))) return false;
        written.put(key, at);
        return true;
    }

    synchronized int size() {
        return written.size();
    }
}
