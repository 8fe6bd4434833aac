package io.fleetloop.formats.align;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges sources of different formats and rates onto one grid {@code from + k/rateHz} (to exclusive). Each source
 * is read once, streaming, with a read-ahead of {@code maxGap}; a channel's value at t comes from its samples
 * around t by its interpolation policy, and is left out when its nearest sample is further than {@code maxGap}. A
 * source that fails to open or throws while read is reported as failed; the others go on.
 */
public final class TimeAligner {

    private final List<AlignedSource> sources;
    private final Map<String, Interpolation> policyOverrides;
    private final long maxGapNanos;

    public TimeAligner(List<AlignedSource> sources, Map<String, Interpolation> policyOverrides, Duration maxGap) {
        this.sources = List.copyOf(sources);
        this.policyOverrides = policyOverrides == null ? Map.of() : Map.copyOf(policyOverrides);
        this.maxGapNanos = maxGap.toNanos();
    }

    public AlignedStream stream(long fromNanos, long toNanos, double rateHz, Set<String> channels) {
        if (toNanos <= fromNanos || !(rateHz > 0)) {
            throw new IllegalArgumentException("need from < to and rateHz > 0");
        }
        return new Stream(fromNanos, toNanos, rateHz, channels == null ? Set.of() : Set.copyOf(channels));
    }

    public AlignedWindow align(long fromNanos, long toNanos, double rateHz, Set<String> channels, int maxFrames) {
        long frames = frameCount(fromNanos, toNanos, rateHz);
        if (frames > maxFrames) {
            throw new IllegalArgumentException("the window holds " + frames + " frames at " + rateHz
                    + " Hz, more than the limit of " + maxFrames + " frames");
        }
        try (AlignedStream s = stream(fromNanos, toNanos, rateHz, channels)) {
            List<AlignedFrame> out = new ArrayList<>();
            s.forEachRemaining(out::add);
            Map<String, Interpolation> policies = s.policies();
            return new AlignedWindow(fromNanos, toNanos, rateHz, List.copyOf(policies.keySet()), policies, out,
                    s.reports());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long frameCount(long fromNanos, long toNanos, double rateHz) {
        return (long) Math.ceil((toNanos - fromNanos) * rateHz / 1e9 - 1e-9);
    }

    private final class Stream implements AlignedStream {
        private final long from;
        private final long to;
        private final double rate;
        private final Set<String> wanted;
        private final List<SourceState> states = new ArrayList<>();
        private final Map<String, Interpolation> policies = new TreeMap<>();
        private long k;

        Stream(long from, long to, double rate, Set<String> wanted) {
            this.from = from;
            this.to = to;
            this.rate = rate;
            this.wanted = wanted;
            for (AlignedSource source : sources) {
                states.add(new SourceState(source));
            }
        }

        private long time(long index) {
            return from + Math.round(index * 1e9 / rate);
        }

        public boolean hasNext() {
            return time(k) < to;
        }

        public AlignedFrame next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long t = time(k++);
            Map<String, Object> values = new TreeMap<>();
            for (SourceState s : states) {
                s.fill(t, values);
            }
            return new AlignedFrame(t, values);
        }

        public List<SourceReport> reports() {
            return states.stream().map(SourceState::report).toList();
        }

        public Map<String, Interpolation> policies() {
            return new LinkedHashMap<>(policies);
        }

        public void close() throws IOException {
            for (SourceState s : states) {
                s.close();
            }
        }

        private final class SourceState {
            final AlignedSource source;
            SampleStream stream;
            final Map<String, Deque<Sample>> channels = new TreeMap<>();
            final List<SourceError> extraErrors = new ArrayList<>();
            boolean failed;
            boolean exhausted;
            long lastRead = Long.MIN_VALUE;
            long read;
            long used;

            SourceState(AlignedSource source) {
                this.source = source;
                try {
                    stream = source.opener().get();
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            void fail(Exception e) {
                failed = true;
                exhausted = true;
                extraErrors.add(SourceError.atRecord(read + 1, "source failed: " + e.getMessage()));
            }

            void readUntil(long t) {
                while (!exhausted && lastRead <= t) {
                    try {
                        if (!stream.hasNext()) {
                            exhausted = true;
                            return;
                        }
                        Sample s = stream.next();
                        read++;
                        long ts = s.timestampNanos() + source.clockOffsetNanos();
                        lastRead = Math.max(lastRead, ts);
                        String name = source.name() + "/" + s.channel();
                        if (!wanted.isEmpty() && !wanted.contains(name)) {
                            continue;
                        }
                        if (ts >= from && ts < to) {
                            used++;
                        }
                        policies.computeIfAbsent(name, n -> policyOverrides.getOrDefault(n,
                                Interpolation.defaultFor(s.value())));
                        Deque<Sample> q = channels.computeIfAbsent(name, n -> new ArrayDeque<>());
                        if (!q.isEmpty() && q.peekLast().timestampNanos() > ts) {
                            continue; // out of order within a channel: kept out rather than reordered
                        }
                        q.addLast(new Sample(name, ts, s.value()));
                    } catch (RuntimeException e) {
                        fail(e);
                    }
                }
            }

            void fill(long t, Map<String, Object> values) {
                readUntil(t + maxGapNanos);
                channels.forEach((name, q) -> {
                    while (q.size() >= 2 && second(q).timestampNanos() <= t) {
                        q.pollFirst();
                    }
                    Sample first = q.peekFirst();
                    if (first == null) {
                        return;
                    }
                    Sample prev = first.timestampNanos() <= t ? first : null;
                    Sample next = prev == null ? first : (q.size() >= 2 ? second(q) : null);
                    Object v = value(policies.get(name), t, prev, next);
                    if (v != null) {
                        values.put(name, v);
                    }
                });
            }

            private Sample second(Deque<Sample> q) {
                Iterator<Sample> it = q.iterator();
                it.next();
                return it.next();
            }

            private Object value(Interpolation policy, long t, Sample prev, Sample next) {
                boolean prevOk = prev != null && t - prev.timestampNanos() <= maxGapNanos;
                boolean nextOk = next != null && next.timestampNanos() - t <= maxGapNanos;
                switch (policy) {
                    case HOLD:
                        return prevOk ? prev.value() : null;
                    case NEAREST:
                        if (prevOk && nextOk) {
                            return t - prev.timestampNanos() <= next.timestampNanos() - t ? prev.value() : next.value();
                        }
                        return prevOk ? prev.value() : nextOk ? next.value() : null;
                    default:
                        if (prev != null && prev.timestampNanos() == t) {
                            return prev.value();
                        }
                        if (prevOk && nextOk && next.timestampNanos() - prev.timestampNanos() <= maxGapNanos) {
                            Double a = number(prev.value());
                            Double b = number(next.value());
                            if (a == null || b == null) {
                                return prev.value();
                            }
                            double f = (double) (t - prev.timestampNanos()) / (next.timestampNanos() - prev.timestampNanos());
                            return a + (b - a) * f;
                        }
                        return prevOk && next == null && exhausted ? prev.value() : null;
                }
            }

            SourceReport report() {
                List<SourceError> errors = new ArrayList<>();
                if (stream != null) {
                    try {
                        errors.addAll(stream.errors());
                    } catch (RuntimeException ignored) {
                        // errors of a broken stream are the failure already recorded
                    }
                }
                errors.addAll(extraErrors);
                return new SourceReport(source.name(), read, used, errors, failed);
            }

            void close() throws IOException {
                if (stream != null) {
                    stream.close();
                }
            }
        }
    }

    static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof JsonNode node && node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }
}
