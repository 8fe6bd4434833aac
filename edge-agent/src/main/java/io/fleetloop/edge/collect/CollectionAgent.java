package io.fleetloop.edge.collect;

import io.fleetloop.ddi.json.model.DdiCollectionExposure;
import io.fleetloop.formats.dbc.DbcFile;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One device's collection pipeline: samples go into the {@link RingBuffer}, the {@link TriggerEngine} decides, a cut
 * window is written by the {@link ClipWriter} into the {@link Spool}; the distance driven (integrated from {@code speed},
 * km/h) and the triggers fired are kept for the next collection status report. Not thread-safe: one thread feeds it.
 */
public final class CollectionAgent {

    /** Ring length and memory cap, spool cap, hard-braking threshold (m/s²), how often rules are evaluated (signal time). */
    public record Options(double ringSeconds, long ringMaxBytes, long spoolCapBytes, double hardBrakingMs2, long evaluationIntervalNanos) {
        public static Options defaults() {
            return new Options(60, 256L * 1024 * 1024, 1024L * 1024 * 1024, 3.0, 10_000_000L);
        }
    }

    private final RingBuffer ring;
    private final TriggerEngine engine;
    private final ClipWriter writer;
    private final Spool spool;
    private final SignalNames names;
    private volatile String ruleVersion;
    private double km;
    private int triggers;
    private long totalTriggers;
    private double totalKm;
    private long lastSpeedNanos = Long.MIN_VALUE;
    private long samples;
    private long lastSampleNanos;
    private final List<String> refusedRules = new ArrayList<>();

    public CollectionAgent(Options options, DbcFile dbc, SignalNames names, Spool spool) {
        this.ring = new RingBuffer(options.ringSeconds(), options.ringMaxBytes());
        this.engine = new TriggerEngine(names, options.hardBrakingMs2(), options.evaluationIntervalNanos());
        this.writer = new ClipWriter(dbc);
        this.spool = spool;
        this.names = names;
    }

    /** The rules to run and their version (as {@link CollectionRulesSync} holds them). */
    public void rules(List<CollectionRulesSync.ActiveRule> active, String version) {
        refusedRules.clear();
        refusedRules.addAll(engine.rules(active.stream().map(TriggerEngine.Rule::of).toList(), ring));
        ruleVersion = version;
    }

    public List<String> refusedRules() {
        return List.copyOf(refusedRules);
    }

    /** One sample; @return the clips cut because of it (already in the spool). */
    public List<Spool.Clip> accept(RingBuffer.Entry entry) throws IOException {
        ring.add(entry);
        samples++;
        lastSampleNanos = entry.timestampNanos();
        List<TriggerEngine.Cut> cuts = engine.onSample(entry, ring);
        if ("speed".equals(engineSignal(entry))) {
            if (lastSpeedNanos != Long.MIN_VALUE && entry.timestampNanos() > lastSpeedNanos) {
                double d = ((Number) entry.sample().value()).doubleValue() * (entry.timestampNanos() - lastSpeedNanos) / 3.6e12;
                km += d;
                totalKm += d;
            }
            lastSpeedNanos = entry.timestampNanos();
        }
        return cuts.isEmpty() ? List.of() : spool(cuts);
    }

    /** End of the recording: the clips still waiting for their post window, cut with what there is. */
    public List<Spool.Clip> finish() throws IOException {
        return spool(engine.flush(ring));
    }

    private String engineSignal(RingBuffer.Entry entry) {
        return entry.sample().value() instanceof Number ? names.signal(entry.sample().channel()) : null;
    }

    private List<Spool.Clip> spool(List<TriggerEngine.Cut> cuts) throws IOException {
        List<Spool.Clip> out = new ArrayList<>();
        for (TriggerEngine.Cut cut : cuts) {
            ClipWriter.Written written = writer.write(cut.entries(), cut.trigger().rule().level(),
                    cut.trigger().rule().dictionary());
            TriggerEngine.Fired f = cut.trigger();
            Instant time = Instant.ofEpochSecond(0, f.timeNanos());
            Spool.Clip meta = new Spool.Clip(null, f.rule().flowId(), f.triggerId(), f.kind(), time.toString(),
                    ruleVersion == null ? "unknown" : ruleVersion, written.described(), written.ratios(), "SPOOLED", null,
                    written.dictionaryId() == null ? null : f.rule().dictionaryId());
            out.add(spool.add(meta, written.files()));
            triggers++;
            totalTriggers++;
        }
        return out;
    }

    /** Distance and triggers since the previous call (the collection status report). */
    public DdiCollectionExposure takeExposure() {
        DdiCollectionExposure exposure = new DdiCollectionExposure(ruleVersion, Math.min(10_000, km), triggers);
        km = 0;
        triggers = 0;
        return exposure;
    }

    public RingBuffer ring() {
        return ring;
    }

    public Spool spool() {
        return spool;
    }

    public TriggerEngine engine() {
        return engine;
    }

    public String ruleVersion() {
        return ruleVersion;
    }

    public long samples() {
        return samples;
    }

    public long lastSampleNanos() {
        return lastSampleNanos;
    }

    public long totalTriggers() {
        return totalTriggers;
    }

    public double totalKm() {
        return totalKm;
    }

    public Map<String, Double> currentSignals() {
        return engine.current();
    }
}
