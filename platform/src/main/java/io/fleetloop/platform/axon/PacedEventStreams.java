package io.fleetloop.platform.axon;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded event store, except that a stream that has caught up with the head waits for new events at most once
 * per {@code pace}. Axon's shared reader wakes every waiting stream after every commit; with some 45 tracking
 * processors that was 3.9 % of the machine's CPU in a 100,000-device rollout's profile (futex wake-ups alone), and
 * every processor that handles the event ran a transaction (and stored its token) per commit. Paced, a processor that
 * just waited takes whatever arrived during the pause in one batch. A stream that is behind (events available at once)
 * never pauses, and the first event after a quiet spell longer than the pace is taken at once, so the pace only
 * delays a processor's batch while events keep coming — by at most the pace. Off unless
 * {@code fleetloop.event-store.consumer-pace-ms} is set: in alternated runs a 25 ms pace sped up the simulated fleet's
 * rollout by about 15 % but not the command-side bench (docs/performance.md, change 38).
 */
final class PacedEventStreams {

    private PacedEventStreams() {
    }

    /** {@link EmbeddedEventStore} whose {@link #openStream} streams are paced; a pace of 0 is Axon's own behaviour. */
    static final class Store extends EmbeddedEventStore {

        private final long paceNanos;

        Store(Builder builder, long paceMillis) {
            super(builder);
            this.paceNanos = TimeUnit.MILLISECONDS.toNanos(paceMillis);
        }

        @Override
        public TrackingEventStream openStream(TrackingToken trackingToken) {
            TrackingEventStream stream = super.openStream(trackingToken);
            return paceNanos <= 0 ? stream : new Paced(stream, paceNanos);
        }
    }

    static final class Paced implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private final long paceNanos;
        /** When a wait for new events last ended with one; a stream that has not waited yet owes no pause. */
        private long lastWoken;

        Paced(TrackingEventStream delegate, long paceNanos) {
            this.delegate = delegate;
            this.paceNanos = paceNanos;
            this.lastWoken = System.nanoTime() - paceNanos;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (delegate.hasNextAvailable()) return true;
            if (timeout <= 0) return false;
            long now = System.nanoTime();
            long deadline = now + unit.toNanos(timeout);
            long resume = lastWoken + paceNanos;
            if (resume - now > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(resume, deadline) - now);
                if (delegate.hasNextAvailable()) {
                    lastWoken = System.nanoTime();
                    return true;
                }
                now = System.nanoTime();
            }
            long left = deadline - now;
            if (left <= 0) return false;
            boolean available = delegate.hasNextAvailable((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS);
            if (available) lastWoken = System.nanoTime();
            return available;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return delegate.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
