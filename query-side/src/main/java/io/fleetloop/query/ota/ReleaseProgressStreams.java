package io.fleetloop.query.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeploymentBatchesResponse;
import io.fleetloop.api.ota.FindReleaseTaskQuery;
import io.fleetloop.api.ota.ListDeploymentBatchesQuery;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseTaskView;
import io.fleetloop.query.common.Queries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open rollout-progress streams. One poller thread reads each watched task's progress once per tick, whatever the
 * number of clients, and sends it to those whose last snapshot differs; a finished rollout gets {@code end} and closes.
 * A keep-alive comment now and then finds clients that went away (a failed send drops the stream).
 */
@Component
class ReleaseProgressStreams implements DisposableBean {

    static final Duration POLL = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(ReleaseProgressStreams.class);

    private record Key(String tenantId, String taskId) {
    }

    private static final class Stream {
        final SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        String lastSnapshot;
        long lastSentNanos = System.nanoTime();
    }

    private final Queries queries;
    private final ObjectMapper json;
    private final Map<Key, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "release-progress");
        thread.setDaemon(true);
        return thread;
    });

    ReleaseProgressStreams(Queries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
        poller.scheduleWithFixedDelay(this::tick, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The task's progress within the tenant, if the tenant has that task. */
    Optional<ReleaseProgress> snapshot(String tenantId, String taskId) {
        ReleaseTaskId id = new ReleaseTaskId(taskId);
        return queries.find(new FindReleaseTaskQuery(tenantId, id), ReleaseTaskView.class).map(task -> ReleaseProgress.of(task,
                queries.get(new ListDeploymentBatchesQuery(tenantId, id), DeploymentBatchesResponse.class).items()));
    }

    /** Sends the current snapshot at once; an unknown task (or another tenant's) is "not found" before anything streams. */
    SseEmitter open(String tenantId, String taskId) {
        ReleaseProgress first = snapshot(tenantId, taskId).orElseThrow(() -> FleetloopException.notFound("release task", taskId));
        Key key = new Key(tenantId, taskId);
        Stream stream = new Stream();
        if (!deliver(stream, first)) return stream.emitter;
        stream.emitter.onCompletion(() -> drop(key, stream));
        stream.emitter.onError(error -> drop(key, stream));
        stream.emitter.onTimeout(() -> {
            drop(key, stream);
            stream.emitter.complete();
        });
        streams.compute(key, (k, group) -> {
            Set<Stream> open = group == null ? ConcurrentHashMap.newKeySet() : group;
            open.add(stream);
            return open;
        });
        return stream.emitter;
    }

    int openStreams() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    private void tick() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Release progress poll failed; trying again", e); // an exception would cancel the schedule
        }
    }

    private void poll() {
        for (Map.Entry<Key, Set<Stream>> entry : streams.entrySet()) {
            Key key = entry.getKey();
            Optional<ReleaseProgress> snapshot;
            try {
                snapshot = snapshot(key.tenantId(), key.taskId());
            } catch (RuntimeException e) {
                log.warn("Could not read the progress of release task {}; trying again", key.taskId(), e);
                continue;
            }
            for (Stream stream : entry.getValue()) {
                boolean open = snapshot.isPresent() ? deliver(stream, snapshot.get()) : close(stream); // gone: the read model was reset
                if (open) keepAlive(stream);
                else drop(key, stream);
            }
        }
    }

    /** Sends the snapshot if it changed, and {@code end} once the rollout finished; false when the stream is over. */
    private boolean deliver(Stream stream, ReleaseProgress progress) {
        try {
            String snapshot = json.writeValueAsString(progress);
            if (!snapshot.equals(stream.lastSnapshot)) {
                stream.emitter.send(SseEmitter.event().name("progress").data(snapshot));
                stream.lastSnapshot = snapshot;
                stream.lastSentNanos = System.nanoTime();
            }
            if (progress.finished()) {
                stream.emitter.send(SseEmitter.event().name("end").data(snapshot));
                stream.emitter.complete();
                return false;
            }
            return true;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException | IllegalStateException e) {
            return close(stream); // the client went away, or the emitter already completed
        }
    }

    private void keepAlive(Stream stream) {
        if (System.nanoTime() - stream.lastSentNanos < KEEP_ALIVE.toNanos()) return;
        try {
            stream.emitter.send(SseEmitter.event().comment("keep-alive"));
            stream.lastSentNanos = System.nanoTime();
        } catch (IOException | IllegalStateException e) {
            close(stream);
        }
    }

    private static boolean close(Stream stream) {
        try {
            stream.emitter.complete();
        } catch (RuntimeException ignored) {
            // already completed
        }
        return false;
    }

    private void drop(Key key, Stream stream) {
        streams.computeIfPresent(key, (k, group) -> {
            group.remove(stream);
            return group.isEmpty() ? null : group;
        });
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
        streams.values().forEach(group -> group.forEach(ReleaseProgressStreams::close));
        streams.clear();
    }
}
