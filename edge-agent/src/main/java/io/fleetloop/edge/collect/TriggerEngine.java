package io.fleetloop.edge.collect;

import io.fleetloop.ddi.json.model.DdiCollectionRule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when a clip is cut. Every {@code evaluationIntervalNanos} of signal time each rule is evaluated on the current
 * signal values; a kind fires on its rising edge — TAKEOVER: {@code takeover >= 0.5}; HARD_BRAKING:
 * {@code long_accel <= -hardBrakingMs2} (m/s², default 3.0); ACCIDENT_FLAG: {@code accident_flag >= 0.5}; EXPRESSION:
 * the rule's CEL expression. A rule fires at most {@code rateLimit} times per rolling hour of signal time and not again
 * while its previous clip is still waiting for its post window. When the post window has passed (signal time
 * {@code >= t + post}) the ring's window {@code [t - pre, t + post]} is cut. Trigger ids follow from the rule and the
 * trigger time, so replaying the same recording gives the same ids (and the platform registers nothing twice).
 */
public final class TriggerEngine {

    public record Rule(String flowId, String name, List<String> kinds, RuleEvaluator.Rule expression, double preSeconds,
                       double postSeconds, int rateLimit, int level, String dictionaryId,
                       io.fleetloop.formats.segment.SegmentDictionary dictionary) {

        public static Rule of(CollectionRulesSync.ActiveRule active) {
            DdiCollectionRule r = active.rule();
            var t = r.trigger();
            return new Rule(r.id(), r.name(), t.kinds() == null ? List.of() : t.kinds(), active.expression(),
                    t.preSeconds() == null ? 10 : t.preSeconds(), t.postSeconds() == null ? 5 : t.postSeconds(),
                    t.rateLimit() == null ? 6 : t.rateLimit(), r.compression() == null || r.compression().level() == null ? 19
                            : r.compression().level(),
                    active.dictionary() == null ? null : r.compression().dictionary(), active.dictionary());
        }
    }

    public record Fired(Rule rule, String triggerId, String kind, long timeNanos) {
    }

    public record Cut(Fired trigger, List<RingBuffer.Entry> entries) {
    }

    private static final long HOUR = 3_600_000_000_000L;

    private final SignalNames names;
    private final double hardBrakingMs2;
    private final long evaluationIntervalNanos;
    private final Map<String, Double> current = new HashMap<>();
    private final Map<String, Boolean> lastActive = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> recent = new HashMap<>();
    private final List<Fired> pending = new ArrayList<>();
    private List<Rule> rules = List.of();
    private long lastEvaluation = Long.MIN_VALUE;
    private long fired;
    private long rateLimited;

    public TriggerEngine(SignalNames names, double hardBrakingMs2, long evaluationIntervalNanos) {
        this.names = names;
        this.hardBrakingMs2 = hardBrakingMs2;
        this.evaluationIntervalNanos = evaluationIntervalNanos;
    }

    /** The rules to run; a rule whose window does not fit the ring is refused (it could never be cut whole). */
    public List<String> rules(List<Rule> next, RingBuffer ring) {
        List<String> refused = new ArrayList<>();
        List<Rule> accepted = new ArrayList<>();
        for (Rule rule : next) {
            if (rule.preSeconds() + rule.postSeconds() > ring.windowSeconds()) {
                refused.add(rule.flowId() + ": window " + (rule.preSeconds() + rule.postSeconds()) + " s exceeds the ring buffer's "
                        + ring.windowSeconds() + " s");
            } else {
                accepted.add(rule);
            }
        }
        rules = List.copyOf(accepted);
        return refused;
    }

    public Map<String, Double> current() {
        return current;
    }

    /** Takes one sample (already in the ring); returns the clips whose post window has now passed. */
    public List<Cut> onSample(RingBuffer.Entry entry, RingBuffer ring) {
        String signal = names.signal(entry.sample().channel());
        if (signal != null && entry.sample().value() instanceof Number n) current.put(signal, n.doubleValue());
        long now = entry.timestampNanos();
        if (lastEvaluation == Long.MIN_VALUE || now - lastEvaluation >= evaluationIntervalNanos) {
            lastEvaluation = now;
            for (Rule rule : rules) evaluate(rule, now);
        }
        if (pending.isEmpty()) return List.of();
        List<Cut> cuts = new ArrayList<>();
        for (var it = pending.iterator(); it.hasNext(); ) {
            Fired f = it.next();
            long end = f.timeNanos() + (long) (f.rule().postSeconds() * 1e9);
            if (now >= end) {
                it.remove();
                cuts.add(new Cut(f, ring.window(f.timeNanos() - (long) (f.rule().preSeconds() * 1e9), end)));
            }
        }
        return cuts;
    }

    /** At the end of a recording: the clips still waiting, cut with what the ring holds. */
    public List<Cut> flush(RingBuffer ring) {
        List<Cut> cuts = new ArrayList<>();
        for (Fired f : pending) {
            cuts.add(new Cut(f, ring.window(f.timeNanos() - (long) (f.rule().preSeconds() * 1e9), Long.MAX_VALUE)));
        }
        pending.clear();
        return cuts;
    }

    private void evaluate(Rule rule, long now) {
        String firing = null;
        for (String kind : rule.kinds()) {
            boolean active = switch (kind) {
                case "TAKEOVER" -> value("takeover") >= 0.5;
                case "HARD_BRAKING" -> value("long_accel") <= -hardBrakingMs2;
                case "ACCIDENT_FLAG" -> value("accident_flag") >= 0.5;
                case "EXPRESSION" -> rule.expression() != null && rule.expression().test(current);
                default -> false;
            };
            String key = rule.flowId() + "/" + kind;
            boolean was = lastActive.getOrDefault(key, false);
            lastActive.put(key, active);
            if (active && !was && firing == null) firing = kind;
        }
        if (firing == null) return;
        for (Fired f : pending) if (f.rule().flowId().equals(rule.flowId())) return;
        ArrayDeque<Long> times = recent.computeIfAbsent(rule.flowId(), k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= HOUR) times.removeFirst();
        if (times.size() >= rule.rateLimit()) {
            rateLimited++;
            return;
        }
        times.addLast(now);
        fired++;
        String flow = rule.flowId().replaceAll("[^A-Za-z0-9]", "");
        String triggerId = "t" + Long.toString(now / 1_000_000) + "-" + flow.substring(0, Math.min(12, flow.length()));
        pending.add(new Fired(rule, triggerId, firing, now));
    }

    private double value(String signal) {
        Double v = current.get(signal);
        return v == null ? Double.NaN : v;
    }

    public long fired() {
        return fired;
    }

    public long rateLimited() {
        return rateLimited;
    }
}
