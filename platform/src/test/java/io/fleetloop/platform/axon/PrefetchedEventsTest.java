package io.fleetloop.platform.axon;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PrefetchedEventsTest {

    @Test
    void everyEventArrivesOnceInTheSourcesOrderAndTheSourceIsClosedAtItsEnd() {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        Stream<Integer> source = IntStream.range(0, 25_000).boxed().onClose(() -> sourceClosed.set(true));
        Set<String> warmedOn = ConcurrentHashMap.newKeySet();

        List<Integer> read;
        try (Stream<Integer> events = PrefetchedEvents.of(source, 1000, 1 << 20, 100, i -> 10,
                i -> warmedOn.add(Thread.currentThread().getName()))) {
            read = events.toList();
        }

        assertThat(read).containsExactlyElementsOf(IntStream.range(0, 25_000).boxed().toList());
        assertThat(warmedOn).allMatch(name -> name.startsWith("event-prefetch-"));
        await().atMost(5, TimeUnit.SECONDS).untilTrue(sourceClosed);
    }

    @Test
    void theReaderStaysWithinTheEventAndByteBoundsAndLeavesLargePayloadsForTheReader() {
        AtomicInteger produced = new AtomicInteger();
        Stream<Integer> source = IntStream.range(0, 200).boxed().peek(i -> produced.incrementAndGet());
        List<Integer> warmed = new ArrayList<>();
        // Each event "weighs" 100 bytes, every tenth 10,000; at most 50 events and 1,000 bytes may wait.
        try (Stream<Integer> events = PrefetchedEvents.of(source, 50, 1_000, 500, i -> i % 10 == 0 ? 10_000 : 100,
                i -> {
                    synchronized (warmed) {
                        warmed.add(i);
                    }
                })) {
            Iterator<Integer> it = events.iterator();
            assertThat(it.next()).isZero();
            // Read one; waiting: at most 10 small events of 100 bytes (or one large one), plus the one in the reader's hand.
            await().atMost(5, TimeUnit.SECONDS).until(() -> produced.get() >= 11);
            await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> produced.get() <= 1 + 11 + 1);
            int count = 1;
            while (it.hasNext()) {
                assertThat(it.next()).isEqualTo(count++);
            }
            assertThat(count).isEqualTo(200);
        }
        synchronized (warmed) {
            assertThat(warmed).hasSize(180).noneMatch(i -> i % 10 == 0);
        }
    }

    @Test
    void aSourceErrorReachesTheReaderAtItsPosition() {
        Stream<Integer> source = IntStream.range(0, 100).boxed().map(i -> {
            if (i == 42) throw new IllegalStateException("broken event 42");
            return i;
        });
        List<Integer> read = new ArrayList<>();
        try (Stream<Integer> events = PrefetchedEvents.of(source, 10, 1 << 20, 100, i -> 1, i -> { })) {
            Iterator<Integer> it = events.iterator();
            assertThatThrownBy(() -> {
                while (it.hasNext()) read.add(it.next());
            }).isInstanceOf(IllegalStateException.class).hasMessage("broken event 42");
        }
        assertThat(read).containsExactlyElementsOf(IntStream.range(0, 42).boxed().toList());
    }

    @Test
    void closingStopsTheReadingThreadAndClosesTheSource() throws Exception {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Stream<Integer> endless = Stream.iterate(0, i -> i + 1).peek(i -> started.countDown()).onClose(() -> sourceClosed.set(true));

        Set<Thread> before = prefetchThreads();
        Stream<Integer> events = PrefetchedEvents.of(endless, 100, 1 << 20, 100, i -> 1, i -> { });
        assertThat(events.iterator().next()).isZero();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Set<Thread> reader = prefetchThreads();
        reader.removeAll(before);
        assertThat(reader).hasSize(1);
        events.close();

        await().atMost(5, TimeUnit.SECONDS).untilTrue(sourceClosed);
        await().atMost(5, TimeUnit.SECONDS).until(() -> reader.stream().noneMatch(Thread::isAlive));
    }

    @Test
    void aStreamDroppedWithoutClosingIsClosedOnceCollected() {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        Stream<Integer> endless = Stream.iterate(0, i -> i + 1).onClose(() -> sourceClosed.set(true));

        Set<Thread> reader = readAFewAndDrop(endless);

        assertThat(reader).hasSize(1);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).until(() -> {
            System.gc();
            return sourceClosed.get() && reader.stream().noneMatch(Thread::isAlive);
        });
    }

    /** Reads a few events and returns the stream's reading thread; nothing else of the stream outlives this call. */
    private static Set<Thread> readAFewAndDrop(Stream<Integer> source) {
        Set<Thread> before = prefetchThreads();
        Iterator<Integer> events = PrefetchedEvents.of(source, 100, 1 << 20, 100, i -> 1, i -> { }).iterator();
        for (int i = 0; i < 3; i++) {
            assertThat(events.next()).isEqualTo(i);
        }
        // Its reader now waits for room in the full queue; only closing the stream ends that wait.
        await().atMost(5, TimeUnit.SECONDS).until(() -> prefetchThreads().stream().anyMatch(t -> !before.contains(t)
                && t.getState() == Thread.State.TIMED_WAITING));
        Set<Thread> reader = prefetchThreads();
        reader.removeAll(before);
        return reader;
    }

    private static Set<Thread> prefetchThreads() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("event-prefetch-") && t.isAlive()).forEach(threads::add);
        return threads;
    }
}
