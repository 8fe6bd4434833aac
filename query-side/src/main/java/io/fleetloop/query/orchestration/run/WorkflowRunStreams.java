package io.fleetloop.query.orchestration.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.FetchWorkflowRunEventsQuery;
import io.fleetloop.api.orchestration.workflow.WorkflowRunEventView;
import io.fleetloop.api.orchestration.workflow.WorkflowRunEventsResponse;
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
 * The open run-progress streams (the approach of the release-progress streams): one poller thread reads each open
 * stream's new run events (after the last one it sent) and sends them in order as server-sent events named by the
 * event type, with the sequence as id; once the run is terminal and everything was sent, {@code end} closes the stream.
 */
@Component
class WorkflowRunStreams implements DisposableBean {

    static final Duration POLL = Duration.ofMillis(250);
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(WorkflowRunStreams.class);

    private static final class Stream {
        final String tenantId;
        final String runId;
        final SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        volatile long lastSeq;
        long lastSentNanos = System.nanoTime();

        Stream(String tenantId, String runId, long lastSeq) {
            this.tenantId = tenantId;
            this.runId = runId;
            this.lastSeq = lastSeq;
        }
    }

    private final Queries queries;
    private final ObjectMapper json;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "workflow-run-events");
        thread.setDaemon(true);
        return thread;
    });

    WorkflowRunStreams(Queries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
        poller.scheduleWithFixedDelay(this::tick, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends what happened so far at once; an unknown run (or another tenant's) is "not found" before anything streams. */
    SseEmitter open(String tenantId, String runId, long afterSeq) {
        WorkflowRunEventsResponse first = fetch(tenantId, runId, afterSeq).orElseThrow(() -> FleetloopException.notFound("workflow run", runId));
        Stream stream = new Stream(tenantId, runId, afterSeq);
        synchronized (stream) {
            if (!deliver(stream, first)) return stream.emitter;
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

    private Optional<WorkflowRunEventsResponse> fetch(String tenantId, String runId, long afterSeq) {
        return queries.find(new FetchWorkflowRunEventsQuery(tenantId, runId, afterSeq), WorkflowRunEventsResponse.class);
    }

    private void tick() {
        for (Stream stream : streams) {
            try {
                Optional<WorkflowRunEventsResponse> next = fetch(stream.tenantId, stream.runId, stream.lastSeq);
                boolean open;
                synchronized (stream) {
                    open = next.isPresent() ? deliver(stream, next.get()) : close(stream);
                    if (open) keepAlive(stream);
                }
                if (!open) streams.remove(stream);
            } catch (RuntimeException e) {
                log.warn("Could not read the events of workflow run {}; trying again", stream.runId, e); // never cancel the schedule
            }
        }
    }

    /** Sends the new events, and {@code end} once the run is terminal and all its events were sent; false when the stream is over. */
    private boolean deliver(Stream stream, WorkflowRunEventsResponse response) {
        try {
            for (WorkflowRunEventView event : response.events()) {
                stream.emitter.send(SseEmitter.event().id(Long.toString(event.seq())).name(event.type()).data(json.writeValueAsString(event)));
                stream.lastSeq = event.seq();
                stream.lastSentNanos = System.nanoTime();
            }
            if (response.runStatus().terminal() && response.events().size() < WorkflowRunQueryHandlers.EVENT_PAGE) {
                stream.emitter.send(SseEmitter.event().name("end").data(json.writeValueAsString(Map.of("runId", stream.runId,
                        "status", response.runStatus().name()))));
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

    @Override
    public void destroy() {
        poller.shutdownNow();
        streams.forEach(WorkflowRunStreams::close);
        streams.clear();
    }
}
