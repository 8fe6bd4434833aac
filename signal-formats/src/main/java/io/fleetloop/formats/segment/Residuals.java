package io.fleetloop.formats.segment;

/**
 * Integer columns (DBC raw values, decimal-scaled values) as prediction residuals. Per channel the writer picks the
 * predictor whose zigzag residuals are smallest (sum of their bit lengths) and a coding for them:
 * <ul>
 *   <li>predictors, all integer and exact (wrapping arithmetic, so any long round-trips): 0 previous value (delta),
 *       1 linear extrapolation {@code 2x[i-1] - x[i-2]}, 2 mean of the last 2, 3 mean of the last 4, 4 mean of the
 *       last 4 plus its trend, 5 mean of the last 8 plus its trend — the averaging ones suit continuous signals with
 *       white sensor noise (residual variance σ²(1+1/k) instead of 2σ² for a delta); missing history repeats x[0],
 *       and x[0] is predicted as 0;</li>
 *   <li>codings: 0 zigzag LEB128 varints (left to zstd: best for mostly-constant columns, whose runs zstd removes),
 *       1 Rice codes bit-packed in chunks of {@value #CHUNK} samples, each chunk with its own 6-bit parameter k
 *       (q = z >> k in unary — q ones and a zero —, then k bits; q ≥ {@value #ESCAPE} is written as
 *       {@value #ESCAPE} ones and z in 64 bits): within a few tenths of a bit of the residual's entropy for noisy
 *       signals, where byte-wise varints waste about two bits a sample.</li>
 * </ul>
 */
final class Residuals {

    static final int PREDICTORS = 6;
    static final int VARINT = 0, RICE = 1;
    static final int CHUNK = 64, ESCAPE = 24;
    static final String[] PREDICTOR_NAMES = {"delta", "linear", "mean2", "mean4", "mean4+trend", "mean8+trend"};

    private Residuals() {
    }

    /** x[i - back], repeating x[0] before the start (i ≥ 1). */
    private static long h(long[] x, int i, int back) {
        int j = i - back;
        return x[j < 0 ? 0 : j];
    }

    static long predict(long[] x, int i, int predictor) {
        if (i == 0) {
            return 0;
        }
        switch (predictor) {
            case 0:
                return x[i - 1];
            case 1:
                return 2 * x[i - 1] - h(x, i, 2);
            case 2:
                return Math.floorDiv(x[i - 1] + h(x, i, 2) + 1, 2);
            case 3:
                return Math.floorDiv(x[i - 1] + h(x, i, 2) + h(x, i, 3) + h(x, i, 4) + 2, 4);
            case 4: {
                long a = x[i - 1] + h(x, i, 2) + h(x, i, 3) + h(x, i, 4);
                long b = h(x, i, 5) + h(x, i, 6) + h(x, i, 7) + h(x, i, 8);
                // mean of the last 4 (1.5 samples old) plus 2.5 samples of the slope (a - b) / 16
                return Math.floorDiv(8 * a + 5 * (a - b) + 16, 32);
            }
            case 5: {
                long a = 0, b = 0;
                for (int k = 1; k <= 8; k++) {
                    a += h(x, i, k);
                    b += h(x, i, k + 8);
                }
                // mean of the last 8 (3.5 samples old) plus 4.5 samples of the slope (a - b) / 64
                return Math.floorDiv(16 * a + 9 * (a - b) + 64, 128);
            }
            default:
                throw new IllegalArgumentException("predictor " + predictor);
        }
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** Samples predicted the slow way (clamped history) before the direct loops take over. */
    private static final int WARM_UP = 17;
    private static final int STRIDE = 3;

    /** Prediction at i ≥ 16 straight from the history (no clamping): the same value {@link #predict} gives there. */
    private static long predictDirect(long[] x, int i, int predictor) {
        switch (predictor) {
            case 0:
                return x[i - 1];
            case 1:
                return 2 * x[i - 1] - x[i - 2];
            case 2:
                return Math.floorDiv(x[i - 1] + x[i - 2] + 1, 2);
            case 3:
                return Math.floorDiv(x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4] + 2, 4);
            case 4: {
                long a = x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4];
                long b = x[i - 5] + x[i - 6] + x[i - 7] + x[i - 8];
                return Math.floorDiv(8 * a + 5 * (a - b) + 16, 32);
            }
            default: {
                long a = x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4] + x[i - 5] + x[i - 6] + x[i - 7] + x[i - 8];
                long b = x[i - 9] + x[i - 10] + x[i - 11] + x[i - 12] + x[i - 13] + x[i - 14] + x[i - 15] + x[i - 16];
                return Math.floorDiv(16 * a + 9 * (a - b) + 64, 128);
            }
        }
    }

    /**
     * The predictor with the smallest residuals (sum of zigzag bit lengths over every {@value #STRIDE}rd sample; ties go
     * to the simpler one). Any choice decodes exactly; this one only has to be good and cheap.
     */
    static int choosePredictor(long[] x, int n) {
        if (n <= WARM_UP) {
            return 0;
        }
        long[] cost = new long[PREDICTORS];
        long samples = 0;
        for (int i = WARM_UP; i < n; i += STRIDE) {
            cost[0] += 64 - Long.numberOfLeadingZeros(zigzag(x[i] - x[i - 1]));
            samples++;
        }
        if (cost[0] <= samples / 8) { // (almost) constant: nothing to gain
            return 0;
        }
        for (int p = 1; p < PREDICTORS; p++) {
            long c = 0;
            for (int i = WARM_UP; i < n; i += STRIDE) {
                c += 64 - Long.numberOfLeadingZeros(zigzag(x[i] - predictDirect(x, i, p)));
            }
            cost[p] = c;
        }
        int best = 0;
        for (int p = 1; p < PREDICTORS; p++) {
            if (cost[p] < cost[best]) {
                best = p;
            }
        }
        return best;
    }

    static long[] residuals(long[] x, int n, int predictor) {
        long[] z = new long[n];
        int warm = Math.min(n, WARM_UP);
        for (int i = 0; i < warm; i++) {
            z[i] = zigzag(x[i] - predict(x, i, predictor));
        }
        switch (predictor) {
            case 0 -> {
                for (int i = warm; i < n; i++) z[i] = zigzag(x[i] - x[i - 1]);
            }
            case 1 -> {
                for (int i = warm; i < n; i++) z[i] = zigzag(x[i] - (2 * x[i - 1] - x[i - 2]));
            }
            default -> {
                for (int i = warm; i < n; i++) z[i] = zigzag(x[i] - predictDirect(x, i, predictor));
            }
        }
        return z;
    }

    /** Varints when at least half the residuals are zero (zstd removes the runs), else Rice codes. */
    static int chooseCoding(long[] z, int n) {
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            if (z[i] == 0) {
                zeros++;
            }
        }
        return 2 * zeros >= n ? VARINT : RICE;
    }

    static void write(long[] z, int n, int coding, ByteOut out) {
        if (coding == VARINT) {
            for (int i = 0; i < n; i++) {
                out.varint(z[i]);
            }
            return;
        }
        BitOut bits = new BitOut(out);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int k = riceParameter(z, from, to);
            bits.write(k, 6);
            for (int i = from; i < to; i++) {
                long q = z[i] >>> k;
                if (q >= 0 && q < ESCAPE) {
                    bits.write(((1L << q) - 1) << 1, (int) q + 1);
                    if (k > 0) {
                        bits.wide(z[i], k);
                    }
                } else {
                    bits.write((1L << ESCAPE) - 1, ESCAPE);
                    bits.wide(z[i], 64);
                }
            }
        }
        bits.flush();
    }

    /** k from the chunk's mean (the optimum for geometric residuals is near log2(mean · ln 2)); any k decodes. */
    static int riceParameter(long[] z, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            long v = z[i];
            sum += v < 0 || v > (1L << 40) ? 1L << 40 : v;
        }
        long scaled = sum * 69 / (100L * (to - from)); // mean · ln 2
        return scaled <= 0 ? 0 : Math.min(63, 64 - Long.numberOfLeadingZeros(scaled));
    }

    /** Reads n values written with {@code coding} and {@code predictor}; the column must end exactly. */
    static long[] read(ByteIn in, int n, int predictor, int coding) throws SegmentFormatException {
        if (predictor < 0 || predictor >= PREDICTORS) {
            throw in.error("unknown predictor " + predictor);
        }
        long[] z = new long[n];
        if (coding == VARINT) {
            for (int i = 0; i < n; i++) {
                z[i] = in.varint("residual");
            }
        } else if (coding == RICE) {
            BitIn bits = new BitIn(in);
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                int k = (int) bits.read(6);
                for (int i = from; i < to; i++) {
                    int q = bits.ones(ESCAPE);
                    z[i] = q < ESCAPE ? ((long) q << k) | bits.wide(k) : bits.wide(64);
                }
            }
            bits.end();
        } else {
            throw in.error("unknown residual coding " + coding);
        }
        long[] x = z; // decoded in place: x[i] needs only x[0..i-1]
        int warm = Math.min(n, WARM_UP);
        for (int i = 0; i < warm; i++) {
            x[i] = unzigzag(z[i]) + predict(x, i, predictor);
        }
        switch (predictor) {
            case 0 -> {
                for (int i = warm; i < n; i++) x[i] = unzigzag(z[i]) + x[i - 1];
            }
            case 1 -> {
                for (int i = warm; i < n; i++) x[i] = unzigzag(z[i]) + 2 * x[i - 1] - x[i - 2];
            }
            default -> {
                for (int i = warm; i < n; i++) x[i] = unzigzag(z[i]) + predictDirect(x, i, predictor);
            }
        }
        return x;
    }

    /** Bits, most significant first, into a {@link ByteOut}; the last byte is padded with zeros. */
    static final class BitOut {
        private final ByteOut out;
        private long acc;
        private int n;

        BitOut(ByteOut out) {
            this.out = out;
        }

        /** The low {@code k} (≤ 32) bits of v. */
        void write(long v, int k) {
            acc = (acc << k) | (v & ((1L << k) - 1));
            n += k;
            while (n >= 8) {
                n -= 8;
                out.u8((int) (acc >>> n));
            }
        }

        /** The low {@code k} (≤ 64) bits of v. */
        void wide(long v, int k) {
            if (k > 32) {
                write(v >>> 32, k - 32);
                write(v, 32);
            } else {
                write(v, k);
            }
        }

        void flush() {
            if (n > 0) {
                out.u8((int) (acc << (8 - n)));
                n = 0;
            }
        }
    }

    /** Reads what {@link BitOut} wrote, bounded by its {@link ByteIn}. */
    static final class BitIn {
        private final ByteIn in;
        private long acc; // valid bits left-aligned
        private int n;
        private long consumed, loaded;

        BitIn(ByteIn in) {
            this.in = in;
        }

        private void refill() throws SegmentFormatException {
            while (n <= 56) {
                if (in.atEnd()) {
                    n += 8; // zero padding past the end; end() checks nothing real was read from it
                } else {
                    acc |= (long) in.u8("bits") << (56 - n);
                    n += 8;
                    loaded += 8;
                }
            }
        }

        long read(int k) throws SegmentFormatException {
            if (k == 0) {
                return 0;
            }
            refill();
            long v = acc >>> (64 - k);
            acc <<= k;
            n -= k;
            consumed += k;
            return v;
        }

        long wide(int k) throws SegmentFormatException {
            return k > 32 ? (read(k - 32) << 32) | read(32) : read(k);
        }

        /** Counts ones up to {@code max}, and eats the terminating zero if fewer. */
        int ones(int max) throws SegmentFormatException {
            refill();
            int q = Math.min(Long.numberOfLeadingZeros(~acc), max);
            int eat = q < max ? q + 1 : q;
            acc <<= eat;
            n -= eat;
            consumed += eat;
            return q;
        }

        void end() throws SegmentFormatException {
            if (consumed > loaded) {
                throw in.error("truncated bit stream: " + (consumed - loaded) + " bits missing");
            }
            if (loaded - consumed >= 8 || !in.atEnd()) {
                throw in.error("bit stream longer than its values");
            }
        }
    }
}
