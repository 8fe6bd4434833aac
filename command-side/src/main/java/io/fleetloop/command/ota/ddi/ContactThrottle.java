package io.fleetloop.command.ota.ddi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a device's poll needs its last contact written, so that a device polling every second costs no
 * write per poll. Bounded twice: at most {@code capacity} devices (the least recently used dropped first), and each
 * entry expires one interval after it was written, when it could no longer suppress a write anyway — so devices that
 * stopped polling leave memory. A forgotten device only costs one more upsert, which the table's own guard turns into
 * a no-op.
 */
final class ContactThrottle {

    private final Duration interval;
    private final Cache<String, Instant> written;

    ContactThrottle(int capacity, Duration interval) {
        this(capacity, interval, Ticker.systemTicker());
    }

    ContactThrottle(int capacity, Duration interval, Ticker ticker) {
        this.interval = interval;
        this.written = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(interval)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** Whether to write this contact; if so it counts as written. */
    boolean shouldWrite(String key, Instant at) {
        boolean[] write = {false};
        written.asMap().compute(key, (k, last) -> {
            if (last != null && last.isAfter(at.minus(interval))) return last;
            write[0] = true;
            return at;
        });
        return write[0];
    }

    /** How many devices are remembered, after pending evictions and expiries are applied. */
    long size() {
        written.cleanUp();
        return written.estimatedSize();
    }
}
