package io.fleetloop.query.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent-event streams fed by polling a read model: one daemon poller thread per kind of stream, whatever the
 * number of clients, asks each open stream's {@link #pump} for what is new; a keep-alive comment now and then finds
 * clients that went away (a failed send drops the stream); a stream whose pump answers "over" is completed. The
 * rollout progress and the workflow-run events are such streams.
 *
 * @param <S> what one stream remembers between polls (what it watches, what it sent last)
 */
public abstract class PolledSseStreams<S> implements DisposableBean {

    public static final Duration TIMEOUT = Duration.ofMinutes(30);
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(PolledSseStreams.class);

    /** Where a pump sends its events; every send counts as a sign of life for the keep-alive. */
    public interface Sink {
        void send(SseEmitter.SseEventBuilder event) throws IOException;
    }

    private final class Stream implements Sink {
        final SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        final S state;
        long lastSentNanos = System.nanoTime();

        Stream(S state) {
            this.state = state;
        }

        @Override
        public void send(SseEmitter.SseEventBuilder event) throws IOException {
            emitter.send(event);
            lastSentNanos = System.nanoTime();
        }
    }

    private final String name;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;

    protected PolledSseStreams(String name, Duration poll) {
        this.name = name;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::tick, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends what is new for one stream; answers false when the stream is over (it is then completed). Called once when
     * the stream opens and then on every poll, never concurrently for one stream.
     */
    protected abstract boolean pump(Sink sink, S state) throws IOException;

    /** Called before each poll of all streams (e.g. to forget reads shared by the streams of one poll). */
    protected void beforePoll() {
    }

    /** Opens a stream and pumps it at once; the caller has checked that what it watches exists for the caller. */
    protected SseEmitter open(S state) {
        Stream stream = new Stream(state);
        synchronized (stream) {
            if (!pumpOrClose(stream)) return stream.emitter;
        }
        stream.emitter.onCompletion(() -> streams.remove(stream));
        stream.emitter.onError(error -> streams.remove(stream));
        stream.emitter.onTimeout(() -> {
            streams.remove(stream);
            stream.emitter.complete();
        });
        streams.add(stream);
        return stream.emitter;
    }

    public int openStreams() {
        return streams.size();
    }

    private void tick() {
        try {
            beforePoll();
        } catch (RuntimeException e) {
            log.warn("{}: preparing the poll failed; trying again", name, e);
            return;
        }
        for (Stream stream : streams) {
            try {
                boolean open;
                synchronized (stream) {
                    open = pumpOrClose(stream);
                    if (open) keepAlive(stream);
                }
                if (!open) streams.remove(stream);
            } catch (RuntimeException e) {
                log.warn("{}: polling a stream failed; trying again", name, e); // an exception would cancel the schedule
            }
        }
    }

    private boolean pumpOrClose(Stream stream) {
        try {
            if (pump(stream, stream.state)) return true;
            stream.emitter.complete();
            return false;
        } catch (IOException | IllegalStateException e) {
            return close(stream); // the client went away, or the emitter already completed
        }
    }

    private void keepAlive(Stream stream) {
        if (System.nanoTime() - stream.lastSentNanos < KEEP_ALIVE.toNanos()) return;
        try {
            stream.send(SseEmitter.event().comment("keep-alive"));
        } catch (IOException | IllegalStateException e) {
            close(stream);
        }
    }

    private boolean close(Stream stream) {
        try {
            stream.emitter.complete();
        } catch (RuntimeException ignored) {
            // already completed
        }
        streams.remove(stream);
        return false;
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
        streams.forEach(this::close);
        streams.clear();
    }
}
