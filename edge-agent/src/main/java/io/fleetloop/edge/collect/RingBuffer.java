package io.fleetloop.edge.collect;

import io.fleetloop.formats.Sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last N seconds of signals, in arrival (time) order, with bounded memory: an entry leaves when it is older than
 * {@code windowNanos} before the newest one, or when the entries' estimated heap bytes exceed {@code maxBytes} (oldest
 * first either way). Bytes are counted per entry (object headers, the sample, its value: a boxed double, a string or a
 * frame's byte array), so a camera frame weighs what it weighs. Not thread-safe: one device thread feeds it.
 */
public final class RingBuffer {

    /** One sample as it came from its source, and the bytes it took there (its share of a candump line, a CSV row, a file). */
    public record Entry(Sample sample, int rawBytes) {

        public long timestampNanos() {
            return sample.timestampNanos();
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final long windowNanos;
    private final long maxBytes;
    private long bytes;
    private long evicted;
    private long peakBytes;

    public RingBuffer(double windowSeconds, long maxBytes) {
        if (!(windowSeconds > 0)) throw new IllegalArgumentException("ring window must be > 0 s");
        if (maxBytes < 1024) throw new IllegalArgumentException("ring memory must be at least 1 KiB");
        this.windowNanos = (long) (windowSeconds * 1e9);
        this.maxBytes = maxBytes;
    }

    public double windowSeconds() {
        return windowNanos / 1e9;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public void add(Entry entry) {
        entries.addLast(entry);
        bytes += cost(entry);
        long newest = entry.timestampNanos();
        while (!entries.isEmpty() && (newest - entries.peekFirst().timestampNanos() > windowNanos || bytes > maxBytes)) {
            bytes -= cost(entries.removeFirst());
            evicted++;
        }
        peakBytes = Math.max(peakBytes, bytes);
    }

    /** The entries with {@code from <= t <= to}, in order (a copy: the ring moves on). */
    public List<Entry> window(long fromNanos, long toNanos) {
        List<Entry> out = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            long t = e.timestampNanos();
            if (t >= fromNanos && t <= toNanos) out.add(e);
        }
        return out;
    }

    public long bytes() {
        return bytes;
    }

    public long peakBytes() {
        return peakBytes;
    }

    public int size() {
        return entries.size();
    }

    public long evicted() {
        return evicted;
    }

    public long oldestNanos() {
        return entries.isEmpty() ? Long.MIN_VALUE : entries.peekFirst().timestampNanos();
    }

    /**
     * Estimated heap bytes of an entry (64-bit JVM, compressed oops): the deque slot (8), the entry (24), the sample
     * (24) and its value — a Double 16, a byte[] 16 + length, a String 40 + 2 × length, anything else 32. Channel
     * names are shared among samples and not counted.
     */
    static long cost(Entry entry) {
        Object value = entry.sample().value();
        long v;
        if (value instanceof Double || value instanceof Long) v = 16;
        else if (value instanceof byte[] b) v = 16 + ((b.length + 7) & ~7);
        else if (value instanceof String s) v = 40 + 2L * s.length();
        else if (value instanceof SignalSources.Frame f) v = 24 + 40 + 2L * f.fileName().length() + 16 + ((f.bytes().length + 7) & ~7);
        else v = 32;
        return 8 + 24 + 24 + v;
    }
}
