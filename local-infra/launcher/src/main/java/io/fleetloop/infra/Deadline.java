package io.fleetloop.infra;

import java.time.Duration;

/** A point in time to give up waiting at; every wait loop in local-infra has one. */
final class Deadline {

    private final long endNanos;
    private final Duration total;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    static Deadline after(Duration total) {
        return new Deadline(total);
    }

    boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    Duration total() {
        return total;
    }

    /** Pauses for {@code millis}, or less if the deadline comes first. */
    void pause(long millis) throws InterruptedException {
        long ms = Math.min(millis, remaining().toMillis());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
