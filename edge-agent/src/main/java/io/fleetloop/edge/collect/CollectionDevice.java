package io.fleetloop.edge.collect;

import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.edge.ota.DdiClient;

import java.io.IOException;

/**
 * A device's collection loop against the platform, over a source replayed as fast as it reads (or a live one): poll
 * DDI and keep the rules in step, feed {@code intervalSeconds} of signal time into the agent, upload what the spool
 * holds, report the collection status (distance, triggers) — and again, until the source ends; then cut what waits,
 * upload and report a last time.
 */
public final class CollectionDevice {

    private final DdiClient ddi;
    private final String controllerId;
    private final CollectionAgent agent;
    private final CollectionRulesSync rules;
    private final ClipUploader uploader;
    private final double intervalSeconds;
    private volatile String lastError;

    public CollectionDevice(DdiClient ddi, String controllerId, CollectionAgent agent, ClipUploader.Progress progress,
                            Integer urlExpirySeconds, double intervalSeconds) {
        this.ddi = ddi;
        this.controllerId = controllerId;
        this.agent = agent;
        this.rules = new CollectionRulesSync(ddi, controllerId, new RuleEvaluator());
        this.uploader = new ClipUploader(agent.spool(), ClipUploader.Channel.of(ddi, controllerId, urlExpirySeconds), progress);
        this.intervalSeconds = intervalSeconds;
    }

    public CollectionAgent agent() {
        return agent;
    }

    public ClipUploader uploader() {
        return uploader;
    }

    public String lastError() {
        return lastError;
    }

    /** Polls and takes new rules; @return whether the device has rules to run. */
    public boolean poll() throws InterruptedException {
        try {
            DdiControllerBase base = ddi.poll(controllerId);
            if (rules.onPoll(base)) agent.rules(rules.rules(), rules.version());
        } catch (IOException e) {
            lastError = e.getMessage();
        }
        return rules.version() != null;
    }

    /** Runs {@code source} to its end. */
    public void run(SignalSource source) throws IOException, InterruptedException {
        poll();
        long interval = (long) (intervalSeconds * 1e9);
        long intervalEnd = Long.MIN_VALUE;
        for (RingBuffer.Entry e; (e = source.next()) != null; ) {
            if (intervalEnd == Long.MIN_VALUE) intervalEnd = e.timestampNanos() + interval;
            agent.accept(e);
            if (e.timestampNanos() >= intervalEnd) {
                intervalEnd = e.timestampNanos() + interval;
                step();
            }
        }
        agent.finish();
        step();
    }

    /** Upload and report: what the device does at the end of each interval. */
    public void step() throws InterruptedException {
        uploader.uploadPending();
        try {
            ddi.collectionStatus(controllerId, agent.takeExposure());
        } catch (IOException e) {
            lastError = e.getMessage();
        }
        poll();
    }
}
