package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import java.time.Duration;
import java.util.Iterator;

/**
 * Estimates a clock offset by cross-correlating one signal present in two sources (e.g. speed on CAN and GNSS):
 * both are resampled linearly on a {@code rateHz} grid and the lag within {@code ±maxLag} with the highest Pearson
 * correlation wins. The result is the offset to ADD to {@code other}'s timestamps.
 */
public final class ClockOffsetEstimator {

    private ClockOffsetEstimator() {
    }

    public static OffsetEstimate estimate(Iterator<Sample> reference, Iterator<Sample> other, Duration maxLag,
                                          double rateHz) {
        long step = Math.round(1e9 / rateHz);
        Grid ref = Grid.of(reference, step);
        Grid oth = Grid.of(other, step);
        if (ref == null || oth == null) {
            return new OffsetEstimate(0, 0, 0);
        }
        int maxShift = (int) (maxLag.toNanos() / step);
        double best = Double.NEGATIVE_INFINITY;
        int bestShift = 0;
        int bestUsed = 0;
        for (int shift = -maxShift; shift <= maxShift; shift++) {
            // other's value at reference time t is compared with other(t + shift*step) => offset = -shift*step
            long lag = (long) shift * step;
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            int n = 0;
            for (int i = 0; i < ref.values.length; i++) {
                long t = ref.start + i * step + lag;
                long j = Math.floorDiv(t - oth.start, step);
                if ((t - oth.start) % step != 0 || j < 0 || j >= oth.values.length) {
                    continue;
                }
                double x = ref.values[i];
                double y = oth.values[(int) j];
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
                n++;
            }
            if (n < 3) {
                continue;
            }
            double cov = sxy - sx * sy / n;
            double vx = sxx - sx * sx / n;
            double vy = syy - sy * sy / n;
            if (vx <= 0 || vy <= 0) {
                continue;
            }
            double r = cov / Math.sqrt(vx * vy);
            if (r > best) {
                best = r;
                bestShift = shift;
                bestUsed = n;
            }
        }
        if (bestUsed == 0) {
            return new OffsetEstimate(0, 0, 0);
        }
        return new OffsetEstimate(-(long) bestShift * step, best, bestUsed);
    }

    /** Values on the grid {@code start + i*step} (start aligned to a multiple of step), linearly interpolated. */
    private record Grid(long start, double[] values) {
        static Grid of(Iterator<Sample> samples, long step) {
            double[] out = new double[1024];
            int n = 0;
            long start = 0;
            Sample prev = null;
            while (samples.hasNext()) {
                Sample s = samples.next();
                Double v = TimeAligner.number(s.value());
                if (v == null || (prev != null && s.timestampNanos() <= prev.timestampNanos())) {
                    continue;
                }
                if (prev == null) {
                    start = Math.floorDiv(s.timestampNanos() + step - 1, step) * step;
                } else {
                    double a = TimeAligner.number(prev.value());
                    for (long t = start + (long) n * step; t <= s.timestampNanos(); t = start + (long) n * step) {
                        if (t < prev.timestampNanos()) {
                            n++;
                            continue;
                        }
                        double f = (double) (t - prev.timestampNanos()) / (s.timestampNanos() - prev.timestampNanos());
                        if (n == out.length) {
                            out = java.util.Arrays.copyOf(out, out.length * 2);
                        }
                        out[n++] = a + (v - a) * f;
                    }
                }
                prev = s;
            }
            return n < 3 ? null : new Grid(start, java.util.Arrays.copyOf(out, n));
        }
    }
}
