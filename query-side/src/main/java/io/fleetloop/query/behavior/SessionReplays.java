package io.fleetloop.query.behavior;

import io.fleetloop.api.behavior.BehaviorSessionView;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.formats.align.AlignedFrame;
import io.fleetloop.formats.align.AlignedStream;
import io.fleetloop.formats.align.TimeAligner;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Running replays of this node: each streams a session's aligned frames as server-sent events, paced by its speed
 * factor, and obeys pause, resume, seek and speed changes sent to its id. The problem samples marked on the session
 * are sent as {@code marker} events when the replay reaches them. Replays live in memory on the node that serves
 * the stream; a control request must reach that node.
 */
@Component
class SessionReplays {

    static final int MAX_RUNNING = 32;
    static final Duration TIMEOUT = Duration.ofHours(2);
    private static final Logger LOG = LoggerFactory.getLogger(SessionReplays.class);

    record Started(String replayId, String sessionId, Instant from, Instant to, double rateHz, double speed) {
    }

    record State(String replayId, boolean paused, double speed, Instant position) {
    }

    record Ended(String replayId, long frames, List<BehaviorSessionQueryController.SourceReportDto> sources) {
    }

    private final Map<String, Replay> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "behavior-replay");
        t.setDaemon(true);
        return t;
    });

    SseEmitter start(String tenantId, BehaviorSessionView session, TimeAligner aligner, SessionAlignment.Window window, double speed) {
        if (running.size() >= MAX_RUNNING) throw FleetloopException.conflict("too many replays are running on this node; try again later");
        Replay replay = new Replay(UUID.randomUUID().toString(), tenantId, session, aligner, window, speed);
        running.put(replay.id, replay);
        replay.emitter.onCompletion(replay::stop);
        replay.emitter.onTimeout(replay::stop);
        replay.emitter.onError(e -> replay.stop());
        threads.submit(replay::run);
        return replay.emitter;
    }

    /** Applies a control action to a running replay of the tenant's session; false when there is none. */
    boolean control(String tenantId, String sessionId, String replayId, String action, Long toNanos, Double speed) {
        Replay replay = running.get(replayId);
        if (replay == null || !replay.tenantId.equals(tenantId) || !replay.session.sessionId().equals(sessionId)) return false;
        switch (action) {
            case "pause" -> replay.pause(true);
            case "resume" -> replay.pause(false);
            case "seek" -> {
                if (toNanos == null) throw FleetloopException.invalid("to", "required to seek");
                if (toNanos < replay.window.fromNanos() || toNanos >= replay.window.toNanos()) {
                    throw FleetloopException.invalid("to", "must lie within the replayed window");
                }
                replay.seek(toNanos);
            }
            case "speed" -> {
                if (speed == null || !(speed > 0 && speed <= 1000)) throw FleetloopException.invalid("speed", "between 0 and 1000");
                replay.speed(speed);
            }
            case "stop" -> replay.stop();
            default -> throw FleetloopException.invalid("action", "pause, resume, seek, speed or stop");
        }
        return true;
    }

    @PreDestroy
    void shutdown() {
        running.values().forEach(Replay::stop);
        threads.shutdownNow();
    }

    private final class Replay {
        final String id;
        final String tenantId;
        final BehaviorSessionView session;
        final TimeAligner aligner;
        final SessionAlignment.Window window;
        final SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        private double speed;
        private boolean paused;
        private boolean stopped;
        private Long seekTo;
        private boolean changed;

        Replay(String id, String tenantId, BehaviorSessionView session, TimeAligner aligner, SessionAlignment.Window window, double speed) {
            this.id = id;
            this.tenantId = tenantId;
            this.session = session;
            this.aligner = aligner;
            this.window = window;
            this.speed = speed;
        }

        synchronized void pause(boolean pause) {
            paused = pause;
            changed = true;
            notifyAll();
        }

        synchronized void seek(long to) {
            seekTo = to;
            notifyAll();
        }

        synchronized void speed(double s) {
            speed = s;
            changed = true;
            notifyAll();
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }

        void run() {
            long frames = 0;
            try {
                send("replay", new Started(id, session.sessionId(), instant(window.fromNanos()), instant(window.toNanos()),
                        window.rateHz(), speed));
                long position = window.fromNanos();
                Set<String> markersSent = new HashSet<>();
                while (true) {
                    try (AlignedStream stream = aligner.stream(position, window.toNanos(), window.rateHz(), window.channels())) {
                        long wallStart = System.nanoTime();
                        long simStart = position;
                        Long jump = null;
                        while (stream.hasNext()) {
                            AlignedFrame frame = stream.next();
                            synchronized (this) {
                                while (true) {
                                    if (stopped) return;
                                    if (seekTo != null) {
                                        jump = seekTo;
                                        seekTo = null;
                                        break;
                                    }
                                    if (changed) {
                                        changed = false;
                                        send("state", new State(id, paused, speed, instant(frame.timestampNanos())));
                                        wallStart = System.nanoTime();
                                        simStart = frame.timestampNanos();
                                    }
                                    if (paused) {
                                        wait();
                                        continue;
                                    }
                                    long dueIn = wallStart + (long) ((frame.timestampNanos() - simStart) / speed) - System.nanoTime();
                                    if (dueIn <= 0) break;
                                    wait(Math.max(1, dueIn / 1_000_000), 0);
                                }
                            }
                            if (jump != null) break;
                            for (BehaviorSessionView.Marker m : session.markers()) {
                                long mFrom = SessionAlignment.nanos(m.from());
                                long mTo = SessionAlignment.nanos(m.to());
                                if (mFrom <= frame.timestampNanos() && mTo > window.fromNanos() && markersSent.add(m.sampleId())) {
                                    send("marker", m);
                                }
                            }
                            send("frame", new BehaviorSessionQueryController.FrameDto(frame.timestampNanos(),
                                    instant(frame.timestampNanos()), frame.values()));
                            frames++;
                        }
                        if (jump != null) {
                            position = jump;
                            long at = position;
                            markersSent.removeIf(sample -> session.markers().stream()
                                    .anyMatch(m -> m.sampleId().equals(sample) && SessionAlignment.nanos(m.from()) > at));
                            synchronized (this) {
                                send("state", new State(id, paused, speed, instant(position)));
                            }
                            continue;
                        }
                        send("end", new Ended(id, frames, stream.reports().stream()
                                .map(BehaviorSessionQueryController.SourceReportDto::of).toList()));
                        emitter.complete();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } catch (Exception e) {
                LOG.debug("replay {} ended: {}", id, e.toString());
                emitter.completeWithError(e);
            } finally {
                running.remove(id);
            }
        }

        private void send(String event, Object data) throws IOException {
            emitter.send(SseEmitter.event().name(event).data(data));
        }
    }

    private static Instant instant(long nanos) {
        return SessionQueryHandlers.instant(nanos);
    }
}
