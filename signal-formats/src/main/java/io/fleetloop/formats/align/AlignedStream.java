package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aligned ticks of a window, computed one at a time from a k-way merge of the sources (see {@link TimeAligner}).
 * {@link #reports()} and {@link #policies()} are complete once the stream is exhausted.
 */
public final class AlignedStream implements Iterator<AlignedFrame>, Closeable {

    /** A source may be this much out of time order (and at most {@link #REORDER_MAX_SAMPLES}); older samples are dropped. */
    public static final long REORDER_WINDOW_NANOS = 100_000_000L;
    public static final int REORDER_MAX_SAMPLES = 4096;
    private static final int MAX_REPORTED_DROPS = 100;

    private final Map<String, Interpolation> overrides;
    private final long maxGap;
    private final long from;
    private final long count;
    private final double rateHz;
    private final Set<String> wanted;
    private final List<Cursor> cursors = new ArrayList<>();
    private final PriorityQueue<Cursor> heap = new PriorityQueue<>((a, b) -> Long.compare(a.headTime(), b.headTime()));
    /** The cursor last taken from, kept out of the heap while it is still the earliest (runs from one source). */
    private Cursor current;
    private final Map<String, Channel> channels = new TreeMap<>();
    private long index;
    private long tick;
    private boolean closed;

    AlignedStream(List<AlignedSource> sources, Map<String, Interpolation> overrides, long maxGap, long from, long count,
                  double rateHz, Set<String> wanted) {
        this.overrides = overrides;
        this.maxGap = maxGap;
        this.from = from;
        this.count = count;
        this.rateHz = rateHz;
        this.wanted = Set.copyOf(wanted);
        for (AlignedSource source : sources) {
            Cursor c = new Cursor(source, from - maxGap);
            cursors.add(c);
            if (c.fill()) {
                heap.add(c);
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !closed && index < count;
    }

    @Override
    public AlignedFrame next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        tick = from + Math.round(index * 1e9 / rateHz);
        index++;
        advance(tick);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Channel> e : channels.entrySet()) {
            Object v = e.getValue().valueAt(tick);
            if (v != null) {
                values.put(e.getKey(), v);
            }
        }
        return new AlignedFrame(tick, Collections.unmodifiableMap(values));
    }

    /** The policy used per channel seen so far (override, else the default for its first value). */
    public Map<String, Interpolation> policies() {
        Map<String, Interpolation> out = new TreeMap<>();
        channels.forEach((name, ch) -> out.put(name, ch.policy));
        return Collections.unmodifiableMap(out);
    }

    /** Per source: samples read and used, errors (the source's own and out-of-order drops), failure. */
    public List<SourceReport> reports() {
        return cursors.stream().map(Cursor::report).toList();
    }

    /** Samples held right now (reorder buffers and channel neighbours): what memory grows with. */
    int bufferedSamples() {
        int n = 0;
        for (Cursor c : cursors) {
            n += c.buffer.size();
        }
        for (Channel ch : channels.values()) {
            n += ch.samples.size();
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        cursors.forEach(c -> c.stream.close());
    }

    /** Consumes every sample at or before {@code t}, then later ones up to {@code t + maxGap} while a channel lacks a successor. */
    private void advance(long t) {
        Cursor c;
        while ((c = earliest()) != null && c.headTime() <= t) {
            take(t);
        }
        int missing = 0;
        for (Channel ch : channels.values()) {
            if (!ch.hasAfter(t)) {
                missing++;
            }
        }
        long horizon = t + maxGap;
        while (missing > 0 && (c = earliest()) != null && c.headTime() <= horizon) {
            Channel ch = take(t);
            if (ch != null && ch.fresh) {
                ch.fresh = false;
                missing--;
            }
        }
    }

    /** The cursor with the earliest next sample, or null when all are exhausted. */
    private Cursor earliest() {
        if (current != null) {
            Cursor top = heap.peek();
            if (top == null || current.headTime() <= top.headTime()) {
                return current;
            }
            heap.add(current);
            current = null;
        }
        return heap.peek();
    }

    /** Takes the merge's earliest sample into its channel; returns the channel if it had no sample after t before. */
    private Channel take(long t) {
        Cursor c = earliest();
        if (c == current) {
            current = null;
        } else {
            heap.poll();
        }
        Entry e = c.poll();
        if (c.fill()) {
            current = c;
        }
        if (e.time < from - maxGap) {
            return null; // can influence no tick of the window
        }
        String name = c.fullName(e.sample.channel());
        if (!wanted.isEmpty() && !wanted.contains(name)) {
            return null;
        }
        Channel ch = channels.get(name);
        boolean known = ch != null;
        if (!known) {
            ch = new Channel(overrides.getOrDefault(name, Interpolation.defaultFor(e.sample.value())));
            channels.put(name, ch);
        }
        boolean hadAfter = ch.hasAfter(t);
        ch.add(e, t);
        ch.fresh = known && !hadAfter && e.time > t; // a channel counted as missing its successor got it
        return ch;
    }

    /** A sample on the common timeline (offset applied), and whether it gave a value yet. */
    private static final class Entry {
        final Sample sample;
        final long time;
        final Cursor source;
        boolean used;

        Entry(Sample sample, long time, Cursor source) {
            this.sample = sample;
            this.time = time;
            this.source = source;
        }

        void use() {
            if (!used) {
                used = true;
                source.used++;
            }
        }
    }

    /** One channel's samples from its last one at or before the current tick onwards (a few, bounded by maxGap). */
    private final class Channel {
        final Interpolation policy;
        final ArrayDeque<Entry> samples = new ArrayDeque<>();
        boolean fresh;

        Channel(Interpolation policy) {
            this.policy = policy;
        }

        boolean hasAfter(long t) {
            return !samples.isEmpty() && samples.peekLast().time > t;
        }

        void add(Entry e, long t) {
            if (e.time <= t) {
                samples.clear(); // only the latest sample at or before the tick matters
            }
            samples.addLast(e);
        }

        Object valueAt(long t) {
            // drop samples older than the last one at or before t
            while (samples.size() >= 2) {
                Entry first = samples.pollFirst();
                if (samples.peekFirst().time > t) {
                    samples.addFirst(first);
                    break;
                }
            }
            Iterator<Entry> it = samples.iterator();
            Entry first = it.hasNext() ? it.next() : null;
            if (first == null) {
                return null;
            }
            Entry prev = first.time <= t ? first : null;
            Entry next = prev == null ? first : (it.hasNext() ? it.next() : null);
            Interpolation p = policy;
            if (p == Interpolation.LINEAR && prev != null && !(prev.sample.value() instanceof Number)) {
                p = Interpolation.HOLD;
            }
            switch (p) {
                case LINEAR -> {
                    if (prev != null && prev.time == t) {
                        prev.use();
                        return ((Number) prev.sample.value()).doubleValue();
                    }
                    if (prev == null || next == null || next.time - prev.time > maxGap
                            || !(next.sample.value() instanceof Number n)) {
                        return null;
                    }
                    double a = ((Number) prev.sample.value()).doubleValue();
                    double f = (double) (t - prev.time) / (next.time - prev.time);
                    prev.use();
                    next.use();
                    return a + (n.doubleValue() - a) * f;
                }
                case HOLD -> {
                    if (prev == null || t - prev.time > maxGap) {
                        return null;
                    }
                    prev.use();
                    return prev.sample.value();
                }
                default -> {
                    long before = prev == null ? Long.MAX_VALUE : t - prev.time;
                    long after = next == null ? Long.MAX_VALUE : next.time - t;
                    Entry nearest = before <= after ? prev : next;
                    if (nearest == null || Math.min(before, after) > maxGap) {
                        return null;
                    }
                    nearest.use();
                    return nearest.sample.value();
                }
            }
        }
    }

    /** One source: its stream, the clock offset, a small reorder buffer, counters. */
    private static final class Cursor {
        final AlignedSource source;
        final SampleStream stream;
        final ArrayDeque<Entry> buffer = new ArrayDeque<>();
        final List<SourceError> errors = new ArrayList<>();
        final Map<String, String> fullNames = new HashMap<>();
        final long offset;
        boolean exhausted;
        long read;
        long used;
        long lastTaken = Long.MIN_VALUE;
        long reordered;
        long maxDisorder;
        long firstReordered;
        long dropped;

        Cursor(AlignedSource source, long needFrom) {
            this.source = source;
            this.offset = source.clockOffsetNanos();
            SampleStream s;
            try {
                s = source.opener().get();
            } catch (RuntimeException e) {
                s = SampleStreams.failed(source.name(), SourceError.atByte(0, "cannot open: " + e.getMessage()));
            }
            if (s == null) {
                s = SampleStreams.failed(source.name(), SourceError.atByte(0, "cannot open: the opener gave nothing"));
            }
            this.stream = s;
            try {
                stream.skipTo(needFrom - offset - REORDER_WINDOW_NANOS);
            } catch (RuntimeException e) {
                // a hint only
            }
        }

        String fullName(String channel) {
            return fullNames.computeIfAbsent(channel, c -> source.name() + "/" + c);
        }

        long headTime() {
            return buffer.peekFirst().time;
        }

        Entry poll() {
            Entry e = buffer.pollFirst();
            lastTaken = e.time;
            return e;
        }

        /** Reads until the buffer spans the reorder window (or the source ends); true when a sample is ready. */
        boolean fill() {
            while (!exhausted && (buffer.isEmpty() || (buffer.size() < REORDER_MAX_SAMPLES
                    && buffer.peekLast().time - buffer.peekFirst().time <= REORDER_WINDOW_NANOS))) {
                Sample s;
                try {
                    if (!stream.hasNext()) {
                        exhausted = true;
                        break;
                    }
                    s = stream.next();
                } catch (RuntimeException e) {
                    errors.add(SourceError.atRecord(read + 1, "reading stopped: " + e.getMessage()));
                    exhausted = true;
                    break;
                }
                read++;
                long t = s.timestampNanos() + offset;
                if (t < lastTaken) {
                    dropped++;
                    if (dropped <= MAX_REPORTED_DROPS) {
                        errors.add(SourceError.atRecord(read, "sample of " + s.channel() + " at " + s.timestampNanos()
                                + " ns is " + (lastTaken - t) / 1_000_000.0 + " ms older than samples already aligned"
                                + " (beyond the reorder window): dropped"));
                    }
                    continue;
                }
                Entry e = new Entry(s, t, this);
                if (buffer.isEmpty() || buffer.peekLast().time <= t) {
                    buffer.addLast(e);
                } else {
                    if (reordered++ == 0) {
                        firstReordered = read;
                    }
                    maxDisorder = Math.max(maxDisorder, buffer.peekLast().time - t);
                    ArrayDeque<Entry> later = new ArrayDeque<>();
                    while (!buffer.isEmpty() && buffer.peekLast().time > t) {
                        later.addFirst(buffer.pollLast());
                    }
                    buffer.addLast(e);
                    buffer.addAll(later);
                }
            }
            return !buffer.isEmpty();
        }

        SourceReport report() {
            List<SourceError> all = new ArrayList<>(stream.errors());
            all.addAll(errors);
            if (reordered > 0) {
                all.add(SourceError.atRecord(firstReordered, reordered + " samples out of time order by up to "
                        + maxDisorder / 1_000_000.0 + " ms were put back in order"));
            }
            if (dropped > MAX_REPORTED_DROPS) {
                all.add(SourceError.atRecord(read, dropped + " samples dropped in all for being out of time order"));
            }
            return new SourceReport(source.name(), read, used, all, stream.failed());
        }
    }
}
