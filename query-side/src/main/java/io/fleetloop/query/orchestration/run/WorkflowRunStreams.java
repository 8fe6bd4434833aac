package io.fleetloop.query.orchestration.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.FetchWorkflowRunEventsQuery;
import io.fleetloop.api.orchestration.workflow.WorkflowRunEventView;
import io.fleetloop.api.orchestration.workflow.WorkflowRunEventsResponse;
import io.fleetloop.query.common.PolledSseStreams;
import io.fleetloop.query.common.Queries;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The open run-progress streams: each poll reads a stream's new run events (after the last one it sent) and sends them
 * in order as server-sent events named by the event type, with the sequence as id; once the run is terminal and
 * everything was sent, {@code end} closes the stream.
 */
@Component
class WorkflowRunStreams extends PolledSseStreams<WorkflowRunStreams.Cursor> {

    static final Duration POLL = Duration.ofMillis(250);

    static final class Cursor {
        final String tenantId;
        final String runId;
        long lastSeq;

        Cursor(String tenantId, String runId, long lastSeq) {
            this.tenantId = tenantId;
            this.runId = runId;
            this.lastSeq = lastSeq;
        }
    }

    private final Queries queries;
    private final ObjectMapper json;

    WorkflowRunStreams(Queries queries, ObjectMapper json) {
        super("workflow-run-events", POLL);
        this.queries = queries;
        this.json = json;
    }

    /** Sends what happened so far at once; an unknown run (or another tenant's) is "not found" before anything streams. */
    SseEmitter open(String tenantId, String runId, long afterSeq) {
        fetch(tenantId, runId, afterSeq).orElseThrow(() -> FleetloopException.notFound("workflow run", runId));
        return open(new Cursor(tenantId, runId, afterSeq));
    }

    private Optional<WorkflowRunEventsResponse> fetch(String tenantId, String runId, long afterSeq) {
        return queries.find(new FetchWorkflowRunEventsQuery(tenantId, runId, afterSeq), WorkflowRunEventsResponse.class);
    }

    /** Sends the new events, and {@code end} once the run is terminal and all its events were sent; a run gone ends it. */
    @Override
    protected boolean pump(Sink sink, Cursor cursor) throws IOException {
        Optional<WorkflowRunEventsResponse> next = fetch(cursor.tenantId, cursor.runId, cursor.lastSeq);
        if (next.isEmpty()) return false;
        WorkflowRunEventsResponse response = next.get();
        for (WorkflowRunEventView event : response.events()) {
            sink.send(SseEmitter.event().id(Long.toString(event.seq())).name(event.type()).data(json.writeValueAsString(event)));
            cursor.lastSeq = event.seq();
        }
        if (response.runStatus().terminal() && response.events().size() < WorkflowRunQueryHandlers.EVENT_PAGE) {
            sink.send(SseEmitter.event().name("end").data(json.writeValueAsString(Map.of("runId", cursor.runId,
                    "status", response.runStatus().name()))));
            return false;
        }
        return true;
    }
}
