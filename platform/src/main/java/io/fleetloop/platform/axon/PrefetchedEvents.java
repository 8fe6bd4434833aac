package io.fleetloop.platform.axon;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A stream of stored events read ahead on a thread of its own: while an event processor that is behind the head (a
 * replay, a catch-up after a restart) handles one batch, the next is fetched from the store, turned into messages and
 * deserialized. Reading, the stored timestamp's parsing and deserialization were about half of a replaying
 * processor's thread; they now overlap with its handling. Order and content are those of the source stream; an error
 * of the source reaches the reader at the position it happened.
 *
 * <p>Bounded twice: at most {@code maxEvents} events and about {@code maxBytes} of serialized payload wait (always at
 * least one), so a stream of large events (a mining job's request of 10,000 assets is 3 MB) does not hold many. A
 * payload over {@code warmLimitBytes} is left for the reader to deserialize, so its object form is never held here.
 * Closing the stream stops the reading thread after the fetch in progress. At most four streams read from the store
 * at once ({@link #FETCHING}).
 *
 * <p>A stream dropped without being closed (a caller that fails part way and discards it) is closed once the garbage
 * collector finds it unreachable: its reading thread stops and the source is closed, as on {@link Stream#close()}.
 * Until then it keeps its thread, the source and what it read ahead, so closing remains the way to free them at
 * once. The reading thread never refers to the stream its caller holds, so it does not keep a dropped one alive.
 */
final class PrefetchedEvents {

    private static final Logger log = LoggerFactory.getLogger(PrefetchedEvents.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Object END = new Object();
    private static final long POLL_MS = 100;
    /**
     * Streams reading from the store at the same moment. A reading thread holds a pool connection while its fetch
     * runs, besides the one its processor's transaction holds; many processors behind at once (a node started after
     * a long stop) must not take the whole pool for it.
     */
    private static final Semaphore FETCHING = new Semaphore(4);
    /** Closes the reader of a stream that became unreachable without being closed. */
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread thread = new Thread(task, "prefetched-events-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private PrefetchedEvents() {
    }

    /**
     * Reads {@code source} ahead. {@code size} gives an event's serialized payload size in bytes (for the byte
     * bound); {@code warm} deserializes an event of at most {@code warmLimitBytes} on the reading thread.
     */
    static <T> Stream<T> of(Stream<? extends T> source, int maxEvents, long maxBytes, long warmLimitBytes,
                            ToLongFunction<? super T> size, Consumer<? super T> warm) {
        Reader<T> reader = new Reader<>(source, maxEvents, maxBytes, warmLimitBytes, size, warm);
        Thread thread = new Thread(reader, "event-prefetch-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        Events<T> events = new Events<>(reader);
        // The action captures the reader only: capturing the stream's side would keep it reachable forever.
        Cleaner.Cleanable closing = CLEANER.register(events, reader::close);
        return StreamSupport.stream(events, false).onClose(closing::clean);
    }

    /** The serialized payload's size, read without deserializing (the stored form, when the message still has it). */
    static long payloadBytes(TrackedEventMessage<?> event, Serializer serializer) {
        try {
            return event.serializePayload(serializer, byte[].class).getData().length;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Deserializes payload, metadata and timestamp now; a failure is left for the reader, which meets it again when it reads them. */
    static void deserialize(TrackedEventMessage<?> event) {
        try {
            event.getPayload();
            event.getMetaData();
            event.getTimestamp();
        } catch (RuntimeException | LinkageError e) {
            log.trace("Event {} left for its reader to deserialize", event.getIdentifier(), e);
        }
    }

    private record Failure(Throwable error) {
    }

    private record Sized(Object event, long bytes) {
    }

    /**
     * The side its caller holds: once it is unreachable, {@link #CLEANER} closes its reader. Only this object is
     * watched, as the reader stays reachable from its own thread.
     */
    private static final class Events<T> extends Spliterators.AbstractSpliterator<T> {

        private final Reader<T> reader;

        Events(Reader<T> reader) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.reader = reader;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            try {
                return reader.advance(action);
            } finally {
                // Not collected (and the reader not closed) while a call waits for or hands over an event.
                Reference.reachabilityFence(this);
            }
        }
    }

    private static final class Reader<T> implements Runnable {

        private final Stream<? extends T> source;
        private final BlockingQueue<Object> queue;
        private final long maxBytes;
        private final long warmLimitBytes;
        private final ToLongFunction<? super T> size;
        private final Consumer<? super T> warm;
        private final AtomicLong queuedBytes = new AtomicLong();
        private final Object space = new Object();
        private volatile boolean closed;
        private boolean ended;

        Reader(Stream<? extends T> source, int maxEvents, long maxBytes, long warmLimitBytes,
               ToLongFunction<? super T> size, Consumer<? super T> warm) {
            this.source = source;
            this.queue = new ArrayBlockingQueue<>(Math.max(1, maxEvents) + 1); // + 1: the end marker always fits
            this.maxBytes = maxBytes;
            this.warmLimitBytes = warmLimitBytes;
            this.size = size;
            this.warm = warm;
        }

        @Override
        public void run() {
            try (source) {
                Iterator<? extends T> events = source.iterator();
                while (!closed) {
                    T event;
                    FETCHING.acquire();
                    try {
                        if (!events.hasNext()) break;
                        event = events.next();
                    } finally {
                        FETCHING.release();
                    }
                    long bytes = size.applyAsLong(event);
                    if (bytes <= warmLimitBytes) warm.accept(event);
                    if (!put(new Sized(event, bytes), bytes)) return;
                }
                if (!closed) put(END, 0);
            } catch (Throwable e) {
                if (!closed) put(new Failure(e), 0);
            }
        }

        /** Waits for room (events and bytes); false once the stream is closed. */
        private boolean put(Object item, long bytes) {
            try {
                synchronized (space) {
                    while (!closed && item != END && !(item instanceof Failure)
                            && queuedBytes.get() > 0 && queuedBytes.get() + bytes > maxBytes) {
                        space.wait(POLL_MS);
                    }
                }
                while (!closed) {
                    if (queue.offer(item, POLL_MS, TimeUnit.MILLISECONDS)) {
                        queuedBytes.addAndGet(bytes);
                        return true;
                    }
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** The stream's next event, as {@link Spliterator#tryAdvance}; called on its caller's thread only. */
        @SuppressWarnings("unchecked")
        boolean advance(Consumer<? super T> action) {
            if (ended || closed) return false;
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                // The processor is stopping: end here, with the interrupt kept for its next wait.
                Thread.currentThread().interrupt();
                return false;
            }
            if (item == END) {
                ended = true;
                return false;
            }
            if (item instanceof Failure failure) {
                ended = true;
                if (failure.error() instanceof RuntimeException runtime) throw runtime;
                if (failure.error() instanceof Error error) throw error;
                throw new IllegalStateException(failure.error());
            }
            Sized sized = (Sized) item;
            queuedBytes.addAndGet(-sized.bytes());
            synchronized (space) {
                space.notifyAll();
            }
            action.accept((T) sized.event());
            return true;
        }

        void close() {
            closed = true;
            queue.clear();
            synchronized (space) {
                space.notifyAll();
            }
        }
    }
}
