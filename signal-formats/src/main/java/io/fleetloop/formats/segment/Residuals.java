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
 *       signals, where byte-wise varints waste about two bits a sample;</li>
 *   <li>2 (segment version 2) an adaptive binary range coder ({@link RangeEncoder}, LZMA's): the residual's bit
 *       length in unary, each step with its own adaptive probability, then the two bits below its leading one adaptive
 *       and the rest at 1/2; every probability in a context of the previous residual's bit length (capped at
 *       {@value #CONTEXTS} - 1). It learns the residuals' actual distribution, where a Rice code assumes a geometric
 *       one and spends 6 bits a chunk on its parameter;</li>
 *   <li>3 (segment version 3) a static table-based rANS coder per column ({@link Rans}): the same size as the range
 *       coder, at a fraction of its cost per sample.</li>
 * </ul>
 */
final class Residuals {

    static final int PREDICTORS = 6;
    static final int VARINT = 0, RICE = 1, RANGE = 2, RANS = 3;
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

    /**
     * Prediction at i ≥ 16 straight from the history (no clamping): the same value {@link #predict} gives there
     * (a floor division by a power of two is an arithmetic shift).
     */
    private static long predictDirect(long[] x, int i, int predictor) {
        switch (predictor) {
            case 0:
                return x[i - 1];
            case 1:
                return 2 * x[i - 1] - x[i - 2];
            case 2:
                return (x[i - 1] + x[i - 2] + 1) >> 1;
            case 3:
                return (x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4] + 2) >> 2;
            case 4: {
                long a = x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4];
                long b = x[i - 5] + x[i - 6] + x[i - 7] + x[i - 8];
                return (8 * a + 5 * (a - b) + 16) >> 5;
            }
            default: {
                long a = x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4] + x[i - 5] + x[i - 6] + x[i - 7] + x[i - 8];
                long b = x[i - 9] + x[i - 10] + x[i - 11] + x[i - 12] + x[i - 13] + x[i - 14] + x[i - 15] + x[i - 16];
                return (16 * a + 9 * (a - b) + 64) >> 7;
            }
        }
    }

    /**
     * The predictor with the smallest residuals (sum of zigzag bit lengths over every {@value #STRIDE}rd sample, or a
     * wider odd stride so that about 4096 samples are looked at; ties go to the simpler one). Any choice decodes exactly; this one only has to be good and cheap.
     */
    static int choosePredictor(long[] x, int n) {
        if (n <= WARM_UP) {
            return 0;
        }
        long[] cost = new long[PREDICTORS];
        long samples = 0;
        int stride = Math.max(STRIDE, (n - WARM_UP) / 4096 | 1); // odd: no alignment with periodic signals
        for (int i = WARM_UP; i < n; i += stride) {
            cost[0] += 64 - Long.numberOfLeadingZeros(zigzag(x[i] - x[i - 1]));
            samples++;
        }
        if (cost[0] <= samples / 8) { // (almost) constant: nothing to gain
            return 0;
        }
        for (int p = 1; p < PREDICTORS; p++) {
            long c = 0;
            for (int i = WARM_UP; i < n; i += stride) {
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
            case 3 -> {
                for (int i = warm; i < n; i++) z[i] = zigzag(x[i] - ((x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4] + 2) >> 2));
            }
            case 5 -> {
                if (warm < n) {
                    long a = 0, b = 0; // running sums of x[i-8..i-1] and x[i-16..i-9] (wrapping, as predictDirect's)
                    for (int k = 1; k <= 8; k++) {
                        a += x[warm - k];
                        b += x[warm - 8 - k];
                    }
                    for (int i = warm; i < n; i++) {
                        z[i] = zigzag(x[i] - ((16 * a + 9 * (a - b) + 64) >> 7));
                        b += x[i - 8] - x[i - 16];
                        a += x[i] - x[i - 8];
                    }
                }
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
        if (coding == RANGE) {
            rangeEncode(z, n, out);
            return;
        }
        if (coding == RANS) {
            Rans.write(z, n, out);
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
        } else if (coding == RANS) {
            Rans.read(in, z, n);
            if (!in.atEnd()) {
                throw in.error("rANS-coded column longer than its values");
            }
        } else if (coding == RANGE) {
            rangeDecode(in, z, n);
            if (!in.atEnd()) {
                throw in.error("range-coded column longer than its values");
            }
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
            case 3 -> {
                for (int i = warm; i < n; i++) x[i] = unzigzag(z[i]) + ((x[i - 1] + x[i - 2] + x[i - 3] + x[i - 4] + 2) >> 2);
            }
            case 5 -> {
                if (warm < n) {
                    long a = 0, b = 0;
                    for (int k = 1; k <= 8; k++) {
                        a += x[warm - k];
                        b += x[warm - 8 - k];
                    }
                    for (int i = warm; i < n; i++) {
                        x[i] = unzigzag(z[i]) + ((16 * a + 9 * (a - b) + 64) >> 7);
                        b += x[i - 8] - x[i - 16];
                        a += x[i] - x[i - 8];
                    }
                }
            }
            default -> {
                for (int i = warm; i < n; i++) x[i] = unzigzag(z[i]) + predictDirect(x, i, predictor);
            }
        }
        return x;
    }

    static final int CONTEXTS = 6;

    /** The adaptive probabilities of one column (11-bit probabilities of a 0, as in LZMA). */
    private static final class Model {
        final int[] length = new int[CONTEXTS * 64];
        final int[] first = new int[CONTEXTS * 65];
        final int[] second = new int[CONTEXTS * 65 * 2];

        Model() {
            java.util.Arrays.fill(length, 1024);
            java.util.Arrays.fill(first, 1024);
            java.util.Arrays.fill(second, 1024);
        }
    }

    private static void rangeEncode(long[] z, int n, ByteOut out) {
        Model m = new Model();
        RangeEncoder enc = new RangeEncoder(out);
        int ctx = 0;
        for (int i = 0; i < n; i++) {
            long v = z[i];
            int b = 64 - Long.numberOfLeadingZeros(v);
            int base = ctx * 64;
            for (int j = 0; j < b; j++) {
                enc.bit(m.length, base + j, 1);
            }
            if (b < 64) {
                enc.bit(m.length, base + b, 0);
            }
            if (b >= 2) {
                int at = ctx * 65 + b;
                int f = (int) (v >>> (b - 2)) & 1;
                enc.bit(m.first, at, f);
                if (b >= 3) {
                    enc.bit(m.second, at * 2 + f, (int) (v >>> (b - 3)) & 1);
                    if (b >= 4) {
                        enc.direct(v, b - 3);
                    }
                }
            }
            ctx = Math.min(b, CONTEXTS - 1);
        }
        enc.flush();
    }

    private static void rangeDecode(ByteIn in, long[] z, int n) throws SegmentFormatException {
        Model m = new Model();
        RangeDecoder dec = new RangeDecoder(in);
        int ctx = 0;
        for (int i = 0; i < n; i++) {
            int base = ctx * 64;
            int b = 0;
            while (b < 64 && dec.bit(m.length, base + b) == 1) {
                b++;
            }
            long v;
            if (b < 2) {
                v = b;
            } else {
                int at = ctx * 65 + b;
                int f = dec.bit(m.first, at);
                v = 2 | f;
                if (b >= 3) {
                    v = (v << 1) | dec.bit(m.second, at * 2 + f);
                    if (b >= 4) {
                        v = (v << (b - 3)) | dec.direct(b - 3);
                    }
                }
            }
            z[i] = v;
            ctx = Math.min(b, CONTEXTS - 1);
        }
    }

    /** LZMA's range encoder: 32-bit range, carry propagated through a cached byte and a run of 0xFF bytes. */
    static final class RangeEncoder {
        private final ByteOut out;
        private long low;
        private int range = -1;
        private int cache;
        private long cacheSize = 1;

        RangeEncoder(ByteOut out) {
            this.out = out;
        }

        void bit(int[] probs, int i, int bit) {
            int p = probs[i];
            int bound = (range >>> 11) * p;
            if (bit == 0) {
                range = bound;
                probs[i] = p + ((2048 - p) >>> 5);
            } else {
                low += bound & 0xFFFFFFFFL;
                range -= bound;
                probs[i] = p - (p >>> 5);
            }
            while ((range & 0xFF000000) == 0) {
                range <<= 8;
                shiftLow();
            }
        }

        /** The low {@code k} bits of v, most significant first, each at probability 1/2. */
        void direct(long v, int k) {
            for (int i = k - 1; i >= 0; i--) {
                range >>>= 1;
                if (((v >>> i) & 1) != 0) {
                    low += range & 0xFFFFFFFFL;
                }
                while ((range & 0xFF000000) == 0) {
                    range <<= 8;
                    shiftLow();
                }
            }
        }

        private void shiftLow() {
            int carry = (int) (low >>> 32);
            if (carry != 0 || low < 0xFF000000L) {
                int temp = cache;
                do {
                    out.u8(temp + carry);
                    temp = 0xFF;
                } while (--cacheSize != 0);
                cache = (int) (low >>> 24) & 0xFF;
            }
            cacheSize++;
            low = (low & 0x00FFFFFFL) << 8;
        }

        void flush() {
            for (int i = 0; i < 5; i++) {
                shiftLow();
            }
        }
    }

    /** Reads what {@link RangeEncoder} wrote; it consumes exactly the bytes the encoder wrote. */
    static final class RangeDecoder {
        private final ByteIn in;
        private int range = -1;
        private int code;

        RangeDecoder(ByteIn in) throws SegmentFormatException {
            this.in = in;
            for (int i = 0; i < 5; i++) {
                code = (code << 8) | in.u8("range coder start");
            }
        }

        int bit(int[] probs, int i) throws SegmentFormatException {
            int p = probs[i];
            int bound = (range >>> 11) * p;
            int bit;
            if (Integer.compareUnsigned(code, bound) < 0) {
                range = bound;
                probs[i] = p + ((2048 - p) >>> 5);
                bit = 0;
            } else {
                code -= bound;
                range -= bound;
                probs[i] = p - (p >>> 5);
                bit = 1;
            }
            while ((range & 0xFF000000) == 0) {
                code = (code << 8) | in.u8("range-coded residuals");
                range <<= 8;
            }
            return bit;
        }

        long direct(int k) throws SegmentFormatException {
            long v = 0;
            for (int i = 0; i < k; i++) {
                range >>>= 1;
                int bit = 0;
                if (Integer.compareUnsigned(code, range) >= 0) {
                    code -= range;
                    bit = 1;
                }
                v = (v << 1) | bit;
                while ((range & 0xFF000000) == 0) {
                    code = (code << 8) | in.u8("range-coded residuals");
                    range <<= 8;
                }
            }
            return v;
        }
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
