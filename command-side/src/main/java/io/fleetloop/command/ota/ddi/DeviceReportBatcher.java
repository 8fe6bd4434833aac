package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeviceReport;
import io.fleetloop.api.ota.DeviceReportOutcomes;
import io.fleetloop.api.ota.RecordDeviceReportsCommand;
import io.fleetloop.api.ota.ReleaseTaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit of device feedback: all feedback of one release goes to its one aggregate, so instead of one command
 * and one transaction per report, the reports that arrive while a transaction of that release commits are sent
 * together as one {@link RecordDeviceReportsCommand} (up to {@value #MAX_BATCH}). No report waits for a timer: the
 * first caller of a release sends at once (a batch of one when the release is idle), callers arriving meanwhile queue,
 * and whoever finds the release free next sends everything queued. Every caller returns when its own report is
 * decided (committed, or refused with its own reason), so a device's {@code 200} still means "recorded".
 */
@Component
class DeviceReportBatcher {

    static final int MAX_BATCH = 1_000;
    /**
     * How long a queued caller waits before it looks at the lane again. The sender's re-check after letting go (see
     * {@link #send(Lane, ReleaseTaskId, String)}) already takes every report queued before it let go, and a report
     * queued after finds the lane free, so this wait normally ends with the report's outcome. It was 20 ms: under
     * load every waiting caller woke and built a {@code TimeoutException} (a stack trace) 50 times a second, 2 % of
     * the machine's CPU in a 100,000-device rollout's profile.
     */
    static final long RECHECK_SECONDS = 1;

    private record Pending(DeviceReport report, CompletableFuture<ErrorDetails> outcome) {
    }

    private static final class Lane {
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean sending = new AtomicBoolean();
    }

    private final CommandGateway commands;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    DeviceReportBatcher(CommandGateway commands) {
        this.commands = commands;
    }

    /** Records the report with the release's others; returns once it is committed, throws if it was refused. */
    void record(ReleaseTaskId taskId, String tenantId, DeviceReport report) {
        Lane lane = lanes.computeIfAbsent(taskId.value() + "\n" + tenantId, k -> new Lane());
        Pending pending = new Pending(report, new CompletableFuture<>());
        lane.queue.add(pending);
        while (!pending.outcome().isDone()) {
            if (lane.sending.compareAndSet(false, true)) {
                send(lane, taskId, tenantId);
            } else {
                try {
                    pending.outcome().get(RECHECK_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException stillQueued) {
                    // not expected (see send): a safety net, so that a report can never wait for a sender that left it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while recording device feedback", e);
                } catch (ExecutionException ignored) {
                    // handled below
                }
            }
        }
        ErrorDetails refusal;
        try {
            refusal = pending.outcome().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw e;
        }
        if (refusal != null) throw new FleetloopException(refusal);
    }

    /** Sends what is queued, batch after batch, while holding the lane; re-checks after letting go so nothing is stranded. */
    private void send(Lane lane, ReleaseTaskId taskId, String tenantId) {
        do {
            try {
                List<Pending> batch = new ArrayList<>();
                for (Pending next; batch.size() < MAX_BATCH && (next = lane.queue.poll()) != null; ) batch.add(next);
                while (!batch.isEmpty()) {
                    send(taskId, tenantId, batch);
                    batch.clear();
                    for (Pending next; batch.size() < MAX_BATCH && (next = lane.queue.poll()) != null; ) batch.add(next);
                }
            } finally {
                lane.sending.set(false);
            }
        } while (!lane.queue.isEmpty() && lane.sending.compareAndSet(false, true));
    }

    private void send(ReleaseTaskId taskId, String tenantId, List<Pending> batch) {
        List<DeviceReport> reports = batch.stream().map(Pending::report).toList();
        String operator = reports.size() == 1 ? "device:" + reports.get(0).deviceId() : "devices:" + reports.size() + " ddi reports";
        try {
            DeviceReportOutcomes outcomes = commands.sendAndWait(new RecordDeviceReportsCommand(taskId, tenantId, reports),
                    MetaData.from(Map.of("operator", operator, "tenantId", tenantId)));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome().complete(outcomes == null ? null : outcomes.refusals().get(i));
            }
        } catch (RuntimeException | Error e) {
            // Every report taken from the queue is answered, or its caller would wait for it forever.
            for (Pending pending : batch) pending.outcome().completeExceptionally(e);
            if (e instanceof Error error) throw error;
        }
    }
}
