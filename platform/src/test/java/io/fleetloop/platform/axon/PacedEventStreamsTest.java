package io.fleetloop.platform.axon;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caught-up processor's stream waits for new events at most once per pace; a stream with events available never
 * pauses. Only lower bounds, and upper bounds well below the pause they rule out, are asserted on time.
 */
class PacedEventStreamsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theFirstWaitIsNotPausedAndTheOneAfterAWakeUpTakesWhatArrivedDuringThePause() throws Exception {
        FakeStream events = new FakeStream();
        PacedEventStreams.Paced paced = new PacedEventStreams.Paced(events, 3 * SECOND);

        events.addLater(1, 50);
        long start = System.nanoTime();
        assertThat(paced.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
        long woken = System.nanoTime();
        assertThat(woken - start).as("no pause before the first wait").isLessThan(3 * SECOND);
        assertThat(events.timedWaits.get()).isEqualTo(1);
        assertThat(paced.nextAvailable().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(1));

        events.addLater(2, 500);
        events.addLater(3, 600);
        events.addLater(4, 700);
        assertThat(paced.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - woken).as("paused until the pace had passed").isGreaterThanOrEqualTo(3 * SECOND);
        assertThat(events.timedWaits.get()).as("the events that arrived during the pause needed no further wait").isEqualTo(1);
        for (long i = 2; i <= 4; i++) {
            assertThat(paced.peek()).isPresent();
            assertThat(paced.nextAvailable().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(i));
        }
    }

    @Test
    void aStreamWithEventsAvailableNeverPauses() throws Exception {
        FakeStream events = new FakeStream();
        PacedEventStreams.Paced paced = wokenOnce(events);

        long start = System.nanoTime();
        for (long i = 2; i <= 100; i++) {
            events.add(i);
            assertThat(paced.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
            assertThat(paced.nextAvailable().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(i));
        }
        assertThat(System.nanoTime() - start).as("no 10 s pause").isLessThan(5 * SECOND);
    }

    @Test
    void aTimeoutShorterThanThePauseEndsTheWaitWithoutAnEvent() throws Exception {
        PacedEventStreams.Paced paced = wokenOnce(new FakeStream());

        long start = System.nanoTime();
        assertThat(paced.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();
        long waited = System.nanoTime() - start;
        assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200)).isLessThan(5 * SECOND);
        assertThat(paced.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
    }

    /** A stream with a 10 s pace that has waited once and been woken by event 1, which it consumed. */
    private static PacedEventStreams.Paced wokenOnce(FakeStream events) throws InterruptedException {
        PacedEventStreams.Paced paced = new PacedEventStreams.Paced(events, 10 * SECOND);
        events.addLater(1, 0);
        assertThat(paced.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
        paced.nextAvailable();
        return paced;
    }

    /** A stream whose timed waits are counted; events are added by the test, now or from another thread later. */
    private static final class FakeStream implements TrackingEventStream {

        final LinkedBlockingDeque<TrackedEventMessage<?>> queue = new LinkedBlockingDeque<>();
        final AtomicInteger timedWaits = new AtomicInteger();

        void add(long index) {
            queue.addLast(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                    GenericEventMessage.asEventMessage("event " + index)));
        }

        void addLater(long index, long millis) {
            Thread adder = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                add(index);
            });
            adder.setDaemon(true);
            adder.start();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout <= 0) return !queue.isEmpty();
            timedWaits.incrementAndGet();
            TrackedEventMessage<?> next = queue.pollFirst(timeout, unit);
            if (next == null) return false;
            queue.addFirst(next);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(queue.peekFirst());
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return queue.takeFirst();
        }

        @Override
        public void close() {
        }
    }
}
