package io.fleetloop.formats.align;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts sources of different formats and rates on one timeline: ticks {@code from + i / rateHz} in {@code [from, to)},
 * each with every channel's value at that instant ({@code <source>/<channel>} → value), by the channel's
 * {@link Interpolation} (an override by full channel name, else {@link Interpolation#defaultFor} its first value).
 *
 * <p>Streaming: a k-way merge over the sources' streams (each time-ordered, with a small reorder buffer for
 * slightly out-of-order sources), keeping per channel only the samples from the last one at or before the current
 * tick up to its successor. Memory does not grow with the recording's length.
 *
 * <p>{@code maxGap} bounds every policy: LINEAR needs two neighbours at most {@code maxGap} apart, HOLD a previous
 * sample at most {@code maxGap} old, NEAREST a sample at most {@code maxGap} away; otherwise the channel is absent
 * from the tick (no data yet, a gap, or past the source's end).
 */
public final class TimeAligner {

    private final List<AlignedSource> sources;
    private final Map<String, Interpolation> policyOverrides;
    private final long maxGapNanos;

    public TimeAligner(List<AlignedSource> sources, Map<String, Interpolation> policyOverrides, Duration maxGap) {
        Set<String> names = new HashSet<>();
        for (AlignedSource s : sources) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two sources are named '" + s.name() + "'");
            }
        }
        if (maxGap == null || maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("maxGap must be positive, got " + maxGap);
        }
        this.sources = List.copyOf(sources);
        this.policyOverrides = Map.copyOf(policyOverrides);
        this.maxGapNanos = maxGap.toNanos();
    }

    /** Number of ticks in {@code [from, to)} at {@code rateHz}. */
    public static long frameCount(long fromNanos, long toNanos, double rateHz) {
        checkWindow(fromNanos, toNanos, rateHz);
        return (long) Math.ceil((toNanos - fromNanos) * rateHz / 1e9 - 1e-6);
    }

    /** The aligned ticks of {@code [from, to)}, computed as they are read; close it to close the sources. */
    public AlignedStream stream(long fromNanos, long toNanos, double rateHz, Set<String> channels) {
        long count = frameCount(fromNanos, toNanos, rateHz);
        return new AlignedStream(sources, policyOverrides, maxGapNanos, fromNanos, count, rateHz, channels);
    }

    /**
     * A bounded window as one value. Throws IllegalArgumentException when {@code from >= to}, the rate is not positive,
     * or the window has more than {@code maxFrames} ticks (the message names the limit).
     */
    public AlignedWindow align(long fromNanos, long toNanos, double rateHz, Set<String> channels, int maxFrames) {
        long count = frameCount(fromNanos, toNanos, rateHz);
        if (count > maxFrames) {
            throw new IllegalArgumentException("window of " + (toNanos - fromNanos) / 1e9 + " s at " + rateHz
                    + " Hz has " + count + " frames, more than the limit of " + maxFrames
                    + " frames (maxFrames); narrow the window or lower the rate");
        }
        try (AlignedStream stream = stream(fromNanos, toNanos, rateHz, channels)) {
            List<AlignedFrame> frames = new ArrayList<>((int) count);
            stream.forEachRemaining(frames::add);
            List<String> names = channels.isEmpty() ? List.copyOf(stream.policies().keySet())
                    : channels.stream().sorted().toList();
            return new AlignedWindow(fromNanos, toNanos, rateHz, names, stream.policies(), List.copyOf(frames),
                    stream.reports());
        }
    }

    private static void checkWindow(long fromNanos, long toNanos, double rateHz) {
        if (fromNanos >= toNanos) {
            throw new IllegalArgumentException("time range empty or reversed: from " + fromNanos + " >= to " + toNanos);
        }
        if (!(rateHz > 0) || Double.isInfinite(rateHz)) {
            throw new IllegalArgumentException("rateHz must be positive, got " + rateHz);
        }
    }
}
