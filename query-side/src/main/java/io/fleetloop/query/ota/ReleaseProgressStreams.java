package io.fleetloop.query.ota;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeploymentBatchesResponse;
import io.fleetloop.api.ota.FindReleaseTaskQuery;
import io.fleetloop.api.ota.ListDeploymentBatchesQuery;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseTaskView;
import io.fleetloop.query.common.PolledSseStreams;
import io.fleetloop.query.common.Queries;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open rollout-progress streams. Each poll reads a watched task's progress once, whatever the number of clients
 * watching it, and sends it to those whose last snapshot differs; a finished rollout gets {@code end} and closes.
 */
@Component
class ReleaseProgressStreams extends PolledSseStreams<ReleaseProgressStreams.Watch> {

    static final Duration POLL = Duration.ofMillis(500);

    record Key(String tenantId, String taskId) {
    }

    static final class Watch {
        final Key key;
        String lastSnapshot;

        Watch(Key key) {
            this.key = key;
        }
    }

    private final Queries queries;
    private final ObjectMapper json;
    /** The snapshots read in the current poll, shared by the streams watching one task. */
    private final Map<Key, Optional<ReleaseProgress>> polled = new ConcurrentHashMap<>();

    ReleaseProgressStreams(Queries queries, ObjectMapper json) {
        super("release-progress", POLL);
        this.queries = queries;
        this.json = json;
    }

    /** The task's progress within the tenant, if the tenant has that task. */
    Optional<ReleaseProgress> snapshot(String tenantId, String taskId) {
        ReleaseTaskId id = new ReleaseTaskId(taskId);
        return queries.find(new FindReleaseTaskQuery(tenantId, id), ReleaseTaskView.class).map(task -> ReleaseProgress.of(task,
                queries.get(new ListDeploymentBatchesQuery(tenantId, id), DeploymentBatchesResponse.class).items()));
    }

    /** Sends the current snapshot at once; an unknown task (or another tenant's) is "not found" before anything streams. */
    SseEmitter open(String tenantId, String taskId) {
        Key key = new Key(tenantId, taskId);
        polled.put(key, Optional.of(snapshot(tenantId, taskId).orElseThrow(() -> FleetloopException.notFound("release task", taskId))));
        return open(new Watch(key));
    }

    @Override
    protected void beforePoll() {
        polled.clear();
    }

    /** Sends the snapshot if it changed, and {@code end} once the rollout finished; a task gone (read model reset) ends it. */
    @Override
    protected boolean pump(Sink sink, Watch watch) throws IOException {
        Optional<ReleaseProgress> progress = polled.computeIfAbsent(watch.key, key -> snapshot(key.tenantId(), key.taskId()));
        if (progress.isEmpty()) return false;
        String snapshot = json.writeValueAsString(progress.get());
        if (!snapshot.equals(watch.lastSnapshot)) {
            sink.send(SseEmitter.event().name("progress").data(snapshot));
            watch.lastSnapshot = snapshot;
        }
        if (progress.get().finished()) {
            sink.send(SseEmitter.event().name("end").data(snapshot));
            return false;
        }
        return true;
    }
}
