package io.fleetloop.formats.segment;

/**
 * Residual coding 3 (segment version 3): a static, table-based range-ANS coder per column. Each zigzag residual z is
 * a token — z itself below {@value #DIRECT}, else 16 + 4 · (bit length − 5) + the two bits below the leading one, at
 * most 255 — plus, for tokens ≥ 16, the bits below those three as raw extra bits. The tokens are coded with
 * frequencies normalised to {@value #SCALE_BITS} bits, counted over the column in a first pass, optionally in up to
 * {@value #MAX_CONTEXTS} contexts chosen by the previous token (the writer keeps the contexts only where they pay for
 * their tables). Two interleaved 32-bit rANS states (even and odd samples), byte-wise renormalisation.
 *
 * <pre>
 * column (nothing for n = 0):
 *   contexts u8 (1..4) | contexts − 1 thresholds u8 (ascending: the context of a sample is the number of thresholds
 *   ≤ the previous token, the first sample's previous token being 0)
 *   per context a frequency table: token count K varint (0..256; 0 = unused context), then K frequencies as
 *   varints, a 0 followed by a varint of further zeros; the frequencies sum to 2^12
 *   rANS byte count varint | the two final states (u32 each) and the renormalisation bytes | the extra bits, most
 *   significant first, zero-padded to a byte
 * </pre>
 * The decoder checks that both states end where the encoder started and that every byte is used, so damage is a
 * {@link SegmentFormatException}, never a wrong column.
 */
final class Rans {

    static final int SCALE_BITS = 12, SCALE = 1 << SCALE_BITS;
    static final int DIRECT = 16, TOKENS = 256, MAX_CONTEXTS = 4;
    private static final int L = 1 << 23;

    private Rans() {
    }

    static int token(long z) {
        if (z >= 0 && z < DIRECT) {
            return (int) z;
        }
        int b = 64 - Long.numberOfLeadingZeros(z);
        return DIRECT + ((b - 5) << 2) + (int) ((z >>> (b - 3)) & 3);
    }

    /** Raw bits below the token's three leading bits (0 for tokens below {@value #DIRECT}). */
    static int extraBits(int token) {
        return token < DIRECT ? 0 : ((token - DIRECT) >>> 2) + 2;
    }

    // ---- writing

    static void write(long[] z, int n, ByteOut out) {
        if (n == 0) {
            return;
        }
        byte[] tokens = new byte[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int t = token(z[i]);
            tokens[i] = (byte) t;
            if (t > k) {
                k = t;
            }
        }
        k++;
        // joint histogram of (previous token, token)
        int[] joint = new int[k * k];
        int prev = 0;
        for (int i = 0; i < n; i++) {
            int t = tokens[i] & 0xFF;
            joint[prev * k + t]++;
            prev = t;
        }
        int[] thresholds = chooseContexts(joint, k, n);
        int contexts = thresholds.length + 1;
        byte[] ctxOf = contextMap(thresholds);
        int[][] freq = new int[contexts][];
        int[][] start = new int[contexts][];
        long[][] recip = new long[contexts][];
        out.u8(contexts);
        for (int t : thresholds) {
            out.u8(t);
        }
        for (int c = 0; c < contexts; c++) {
            int[] count = new int[k];
            int total = 0;
            for (int p = 0; p < k; p++) {
                if ((ctxOf[p] & 0xFF) == c) {
                    for (int t = 0; t < k; t++) {
                        count[t] += joint[p * k + t];
                    }
                }
            }
            for (int t = 0; t < k; t++) {
                total += count[t];
            }
            freq[c] = total == 0 ? null : normalize(count, total);
            writeTable(freq[c], out);
            if (freq[c] != null) {
                int[] s = new int[k];
                for (int t = 1; t < k; t++) {
                    s[t] = s[t - 1] + freq[c][t - 1];
                }
                start[c] = s;
                recip[c] = new long[k];
                for (int t = 0; t < k; t++) {
                    recip[c][t] = freq[c][t] == 0 ? 0 : reciprocal(freq[c][t]);
                }
            }
        }
        // rANS runs backwards: the decoder reads forwards
        byte[] buf = new byte[n + (n >>> 1) + 16];
        int pos = buf.length;
        int x0 = L, x1 = L;
        for (int i = n - 1; i >= 0; i--) {
            int t = tokens[i] & 0xFF;
            int c = i == 0 ? ctxOf[0] : ctxOf[tokens[i - 1] & 0xFF];
            int f = freq[c][t], s = start[c][t];
            long m = recip[c][t];
            int x = (i & 1) == 0 ? x0 : x1;
            while ((x >>> (23 - SCALE_BITS + 8)) >= f) { // x ≥ (L >> SCALE_BITS << 8) · f
                if (pos == 0) {
                    byte[] bigger = new byte[buf.length * 2];
                    System.arraycopy(buf, 0, bigger, buf.length, buf.length);
                    pos = buf.length;
                    buf = bigger;
                }
                buf[--pos] = (byte) x;
                x >>>= 8;
            }
            int q = (int) ((x * (m >>> 8)) >>> (m & 0xFF)); // x / f (exact for x < 2^31, see reciprocal)
            x = (q << SCALE_BITS) + (x - q * f) + s;
            if ((i & 1) == 0) {
                x0 = x;
            } else {
                x1 = x;
            }
        }
        out.varint(buf.length - pos + 8L);
        out.u32(x0);
        out.u32(x1);
        out.bytes(buf, pos, buf.length - pos);
        if (k <= DIRECT) {
            return; // no extra bits
        }
        Residuals.BitOut bits = new Residuals.BitOut(out);
        for (int i = 0; i < n; i++) {
            int e = extraBits(tokens[i] & 0xFF);
            if (e > 0) {
                bits.wide(z[i], e);
            }
        }
        bits.flush();
    }

    /**
     * Division of any x < 2^31 by f (1..2^12) as a multiplication: m = ceil(2^(31 + l) / f) with l = ceil(log2 f)
     * gives floor(x · m / 2^(31 + l)) = floor(x / f) (Granlund and Montgomery), and x · m < 2^63. Packed as
     * {@code m << 8 | (31 + l)}.
     */
    static long reciprocal(int f) {
        int l = 32 - Integer.numberOfLeadingZeros(f - 1);
        long m = ((1L << (31 + l)) + f - 1) / f;
        return (m << 8) | (31 + l);
    }

    /** The map from previous token to context for ascending thresholds. */
    private static byte[] contextMap(int[] thresholds) {
        byte[] map = new byte[TOKENS];
        for (int p = 0; p < TOKENS; p++) {
            int c = 0;
            for (int th : thresholds) {
                if (p >= th) {
                    c++;
                }
            }
            map[p] = (byte) c;
        }
        return map;
    }

    /**
     * Thresholds (possibly none) at quantiles of the previous token: the number of contexts (1..4) whose estimated
     * size — the tokens' entropy in their contexts plus about 10 bits per table entry — is smallest.
     */
    static int[] chooseContexts(int[] joint, int k, int n) {
        int[] marginal = new int[k];
        for (int p = 0; p < k; p++) {
            for (int t = 0; t < k; t++) {
                marginal[p] += joint[p * k + t];
            }
        }
        int[] best = new int[0];
        double bestCost = cost(joint, k, best);
        for (int contexts = 2; contexts <= MAX_CONTEXTS; contexts++) {
            int[] th = new int[contexts - 1];
            int m = 0, acc = 0;
            for (int p = 0; p < k && m < th.length; p++) {
                acc += marginal[p];
                while (m < th.length && acc >= (long) n * (m + 1) / contexts) {
                    th[m++] = p + 1;
                }
            }
            boolean valid = m == th.length;
            for (int i = 0; valid && i < th.length; i++) {
                valid = th[i] >= 1 && th[i] < k && (i == 0 || th[i] > th[i - 1]);
            }
            if (!valid) {
                continue;
            }
            double c = cost(joint, k, th);
            if (c < bestCost) {
                bestCost = c;
                best = th;
            }
        }
        return best;
    }

    private static double cost(int[] joint, int k, int[] th) {
        double bits = 0;
        int[] count = new int[k];
        for (int c = 0; c <= th.length; c++) {
            int from = c == 0 ? 0 : th[c - 1], to = c == th.length ? k : th[c];
            java.util.Arrays.fill(count, 0);
            long total = 0;
            for (int p = from; p < to; p++) {
                for (int t = 0; t < k; t++) {
                    count[t] += joint[p * k + t];
                }
            }
            int used = 0;
            for (int t = 0; t < k; t++) {
                total += count[t];
            }
            for (int t = 0; t < k; t++) {
                if (count[t] > 0) {
                    used++;
                    bits += count[t] * (Math.log((double) total / count[t]) * 1.4426950408889634);
                }
            }
            bits += 10.0 * used + 8;
        }
        return bits;
    }

    /** Frequencies summing to {@value #SCALE}, at least 1 for every token that occurs. */
    static int[] normalize(int[] count, int total) {
        int k = count.length;
        int[] f = new int[k];
        int sum = 0, largest = 0;
        for (int t = 0; t < k; t++) {
            if (count[t] > 0) {
                f[t] = Math.max(1, (int) (((long) count[t] * SCALE + total / 2) / total));
                sum += f[t];
                if (count[t] > count[largest]) {
                    largest = t;
                }
            }
        }
        if (sum < SCALE) {
            f[largest] += SCALE - sum;
        }
        while (sum > SCALE) { // take from the largest frequencies, never below 1
            int big = 0;
            for (int t = 1; t < k; t++) {
                if (f[t] > f[big]) {
                    big = t;
                }
            }
            int take = Math.min(sum - SCALE, Math.max(1, f[big] / 16));
            take = Math.min(take, f[big] - 1);
            f[big] -= take;
            sum -= take;
        }
        return f;
    }

    private static void writeTable(int[] f, ByteOut out) {
        if (f == null) {
            out.varint(0);
            return;
        }
        int k = f.length;
        while (k > 0 && f[k - 1] == 0) {
            k--;
        }
        out.varint(k);
        for (int t = 0; t < k; t++) {
            out.varint(f[t]);
            if (f[t] == 0) {
                int run = 0;
                while (t + 1 < k && f[t + 1] == 0) {
                    run++;
                    t++;
                }
                out.varint(run);
            }
        }
    }

    // ---- reading

    private static final class Table {
        final int[] freq = new int[TOKENS];
        final int[] start = new int[TOKENS];
        final byte[] slot = new byte[SCALE]; // token of each of the 2^12 slots
    }

    private static Table readTable(ByteIn in) throws SegmentFormatException {
        int k = in.count("rANS table size", TOKENS);
        if (k == 0) {
            return null;
        }
        Table table = new Table();
        int sum = 0;
        for (int t = 0; t < k; t++) {
            int f = in.count("rANS frequency", SCALE - sum);
            if (f == 0) {
                t += in.count("rANS zero run", k - 1 - t);
                continue;
            }
            table.freq[t] = f;
            table.start[t] = sum;
            java.util.Arrays.fill(table.slot, sum, sum + f, (byte) t);
            sum += f;
        }
        if (sum != SCALE) {
            throw in.error("rANS frequencies sum to " + sum + ", not " + SCALE);
        }
        return table;
    }

    static void read(ByteIn in, long[] z, int n) throws SegmentFormatException {
        if (n == 0) {
            return;
        }
        int contexts = in.u8("rANS contexts");
        if (contexts < 1 || contexts > MAX_CONTEXTS) {
            throw in.error("rANS context count " + contexts);
        }
        int[] thresholds = new int[contexts - 1];
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = in.u8("rANS context threshold");
            if (thresholds[i] == 0 || (i > 0 && thresholds[i] <= thresholds[i - 1])) {
                throw in.error("rANS context thresholds not ascending");
            }
        }
        byte[] ctxOf = contextMap(thresholds);
        Table[] tables = new Table[contexts];
        for (int c = 0; c < contexts; c++) {
            tables[c] = readTable(in);
        }
        int bytes = in.count("rANS byte count", Integer.MAX_VALUE);
        if (bytes < 8) {
            throw in.error("rANS stream of " + bytes + " bytes");
        }
        int x0 = in.u32("rANS state"), x1 = in.u32("rANS state");
        int p = in.position(), end = p + bytes - 8;
        in.skip(bytes - 8, "rANS stream");
        byte[] buf = in.array();
        if (x0 < L || x1 < L) { // negative (≥ 2^31) or below L
            throw in.error("corrupt rANS state");
        }
        byte[] tokens = new byte[n];
        int prev = 0;
        for (int i = 0; i < n; i++) {
            Table tb = tables[ctxOf[prev]];
            if (tb == null) {
                throw in.error("rANS sample " + i + " in an unused context");
            }
            int x = (i & 1) == 0 ? x0 : x1;
            int slot = x & (SCALE - 1);
            int t = tb.slot[slot] & 0xFF;
            x = tb.freq[t] * (x >>> SCALE_BITS) + slot - tb.start[t];
            while (x < L) {
                if (p >= end) {
                    throw in.error("truncated rANS stream");
                }
                x = (x << 8) | (buf[p++] & 0xFF);
            }
            if ((i & 1) == 0) {
                x0 = x;
            } else {
                x1 = x;
            }
            tokens[i] = (byte) t;
            prev = t;
        }
        if (x0 != L || x1 != L || p != end) {
            throw in.error("corrupt rANS stream");
        }
        // the extra bits: a big-endian word at the byte of the bit position, shifted (at most 56 bits at a time)
        int from = in.position(), size = in.remaining();
        long bitPos = 0;
        for (int i = 0; i < n; i++) {
            int t = tokens[i] & 0xFF;
            if (t < DIRECT) {
                z[i] = t;
            } else {
                int e = extraBits(t);
                long extra;
                if (e <= 56) {
                    extra = bits(buf, from, size, bitPos, e);
                } else {
                    extra = (bits(buf, from, size, bitPos, e - 32) << 32) | bits(buf, from, size, bitPos + e - 32, 32);
                }
                bitPos += e;
                z[i] = ((4L | ((t - DIRECT) & 3)) << e) | extra;
            }
        }
        long bytesUsed = (bitPos + 7) >>> 3;
        if (bytesUsed > size) {
            throw in.error("truncated extra bits: " + (bitPos - 8L * size) + " bits missing");
        }
        in.skip((int) bytesUsed, "extra bits");
    }

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** {@code e} (1..56) bits at bit {@code bitPos} of {@code buf[from, from + size)}, zeros past its end. */
    private static long bits(byte[] buf, int from, int size, long bitPos, int e) {
        long byteAt = bitPos >>> 3;
        long w;
        if (byteAt + 8 <= size) {
            w = (long) BIG_ENDIAN_LONG.get(buf, from + (int) byteAt);
        } else {
            w = 0;
            for (int k = 0; k < 8; k++) {
                long j = byteAt + k;
                w = (w << 8) | (j < size ? buf[from + (int) j] & 0xFF : 0);
            }
        }
        return (w << (bitPos & 7)) >>> (64 - e);
    }
}
