package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Estimates the clock offset between two sources from one signal both record (e.g. vehicle speed from CAN and from
 * GNSS): both are resampled (linear interpolation) onto one grid at {@code rateHz}, then the normalised (Pearson)
 * cross-correlation is computed for every lag within {@code ±maxLag}; the best lag, refined between grid points by a
 * parabola through the peak and its neighbours, is the offset to ADD to {@code other}'s timestamps. Units need not
 * match (km/h against m/s): the correlation is normalised. Only numeric samples count; one channel per iterator is
 * expected. Memory: one double per grid point of each signal (a one-hour signal at 100 Hz: 2.9 MB).
 */
public final class ClockOffsetEstimator {

    /** The offset to add to the other source's timestamps, the peak correlation (-1..1), grid points compared. */
    public record OffsetEstimate(long offsetNanos, double correlation, int samplesUsed) {
    }

    static final int MAX_POINTS = 50_000_000;
    static final int MIN_PAIRS = 20;

    private ClockOffsetEstimator() {
    }

    public static OffsetEstimate estimate(Iterator<Sample> reference, Iterator<Sample> other, Duration maxLag,
                                          double rateHz) {
        if (!(rateHz > 0) || Double.isInfinite(rateHz)) {
            throw new IllegalArgumentException("rateHz must be positive, got " + rateHz);
        }
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("maxLag must not be negative, got " + maxLag);
        }
        double period = 1e9 / rateHz;
        Grid ref = Grid.resample(reference, null, period, "reference");
        Grid oth = Grid.resample(other, ref.origin, period, "other");
        int lags = (int) Math.floor(maxLag.toNanos() / period);
        long overlap = Math.min(ref.start + ref.size, oth.start + oth.size) - Math.max(ref.start, oth.start);
        long needed = 2L * lags + MIN_PAIRS;
        if (overlap < needed) {
            throw new IllegalArgumentException("the two signals overlap by " + Math.max(0, overlap) + " points at "
                    + rateHz + " Hz (" + Math.max(0, overlap) * period / 1e9 + " s); at least " + needed
                    + " are needed for lags of ±" + maxLag.toMillis() + " ms");
        }
        double[] corr = new double[2 * lags + 1];
        int[] pairs = new int[2 * lags + 1];
        Arrays.fill(corr, Double.NaN);
        boolean refConstant = true, otherConstant = true;
        for (int d = -lags; d <= lags; d++) {
            // reference point k pairs with other point k - d (other shifted later by d grid steps)
            long from = Math.max(ref.start, oth.start + d);
            long to = Math.min(ref.start + ref.size, oth.start + d + oth.size);
            int n = (int) Math.max(0, to - from);
            if (n < MIN_PAIRS) {
                continue;
            }
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (long k = from; k < to; k++) {
                double x = ref.values[(int) (k - ref.start)];
                double y = oth.values[(int) (k - d - oth.start)];
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
            double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
            boolean flatX = vx <= 1e-12 * Math.max(1, sxx), flatY = vy <= 1e-12 * Math.max(1, syy);
            refConstant &= flatX;
            otherConstant &= flatY;
            if (flatX || flatY) {
                continue;
            }
            corr[d + lags] = (sxy - sx * sy / n) / Math.sqrt(vx * vy);
            pairs[d + lags] = n;
        }
        if (refConstant || otherConstant) {
            throw new IllegalArgumentException((refConstant ? "the reference" : "the other") + " signal is constant over"
                    + " the overlap: no offset can be estimated from it");
        }
        int best = -1;
        for (int i = 0; i < corr.length; i++) {
            if (!Double.isNaN(corr[i]) && (best < 0 || corr[i] > corr[best])) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no lag within ±" + maxLag.toMillis() + " ms gives comparable points");
        }
        double shift = 0;
        if (best > 0 && best < corr.length - 1 && !Double.isNaN(corr[best - 1]) && !Double.isNaN(corr[best + 1])) {
            double denominator = corr[best - 1] - 2 * corr[best] + corr[best + 1];
            if (denominator < 0) {
                shift = Math.max(-0.5, Math.min(0.5, 0.5 * (corr[best - 1] - corr[best + 1]) / denominator));
            }
        }
        long offset = Math.round((best - lags + shift) * period);
        return new OffsetEstimate(offset, corr[best], pairs[best]);
    }

    /** A signal on grid points {@code origin + k * period}, k in [start, start + size). */
    private static final class Grid {
        long origin;
        long start;
        int size;
        double[] values = new double[1024];

        static Grid resample(Iterator<Sample> samples, Long origin, double period, String what) {
            Grid g = new Grid();
            long prevT = 0;
            double prevV = 0;
            boolean any = false;
            long count = 0;
            while (samples.hasNext()) {
                Sample s = samples.next();
                if (!(s.value() instanceof Number number)) {
                    continue;
                }
                double v = number.doubleValue();
                long t = s.timestampNanos();
                if (Double.isNaN(v) || (any && t <= prevT)) {
                    continue; // not a value, or out of order: the grid needs increasing times
                }
                count++;
                if (!any) {
                    any = true;
                    g.origin = origin != null ? origin : t;
                    long k = (long) Math.ceil((t - g.origin) / period);
                    g.start = k;
                    if (Math.round(k * period) + g.origin == t) {
                        g.add(v, what);
                    }
                } else {
                    long k = g.start + g.size;
                    double gridT;
                    while ((gridT = g.origin + k * period) <= t) {
                        double f = (gridT - prevT) / (t - prevT);
                        g.add(prevV + (v - prevV) * f, what);
                        k++;
                    }
                }
                prevT = t;
                prevV = v;
            }
            if (count < 2) {
                throw new IllegalArgumentException("the " + what + " signal has " + count
                        + " numeric samples: at least 2 are needed");
            }
            return g;
        }

        void add(double v, String what) {
            if (size == values.length) {
                if (size >= MAX_POINTS) {
                    throw new IllegalArgumentException("the " + what + " signal has more than " + MAX_POINTS
                            + " points at this rate (maxPoints): lower the rate or shorten the range");
                }
                values = Arrays.copyOf(values, Math.min(MAX_POINTS, size * 2));
            }
            values[size++] = v;
        }
    }
}
