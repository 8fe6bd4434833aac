package io.fleetloop.formats.segment;

import java.util.List;

/**
 * Derived channels (kind {@value Columns#DERIVED}, segment version 2): a DBC signal whose raw value is a function of
 * the rest of its frame — a checksum byte over the other payload bytes, or a rolling counter — is stored as the
 * function plus the samples where it does not hold (exceptions: index gap and raw value), so any log round-trips
 * exactly. The writer picks, per channel and segment, the function that matches at least
 * {@value #MIN_MATCH_PERCENT} % of the frames; otherwise the channel is stored as before.
 *
 * <p>Functions (raw value {@code r} of frame i; "other bytes" are the payload rebuilt from the raw values of the
 * message's other signals, unused bits zero, without the checksum's own byte):
 * <ul>
 *   <li>{@value #COUNTER} rolling counter: {@code r[i] = (r[i-1] + 1) mod 2^bits}, {@code r[-1] = -1};</li>
 *   <li>{@value #XOR} XOR of the other bytes, XOR a constant;</li>
 *   <li>{@value #SUM} sum of the other bytes plus a constant (message id, length, …), mod 256;</li>
 *   <li>{@value #CRC8_1D} CRC-8 poly 0x1D, init 0xFF (SAE J1850), XOR a constant (0xFF for J1850);</li>
 *   <li>{@value #CRC8_1D_INIT0} CRC-8 poly 0x1D, init 0x00, XOR a constant;</li>
 *   <li>{@value #CRC8_2F} CRC-8 poly 0x2F, init 0xFF (AUTOSAR 8H2F), XOR a constant (0xFF for 8H2F).</li>
 * </ul>
 */
final class Derived {

    static final int COUNTER = 0, XOR = 1, SUM = 2, CRC8_1D = 3, CRC8_1D_INIT0 = 4, CRC8_2F = 5;
    static final int FUNCTIONS = 6;
    static final String[] NAMES = {"counter", "xor", "sum", "crc8-j1850", "crc8-1d-init0", "crc8-2f"};
    static final int MIN_MATCH_PERCENT = 99;
    static final int MIN_SAMPLES = 16;

    private static final int[] CRC_1D = table(0x1D), CRC_2F = table(0x2F);

    /** A signal's place in the payload: DBC start bit, length, byte order; {@code channel} in the channel table. */
    record Field(int channel, int startBit, int length, boolean littleEndian) {
    }

    /**
     * What the writer decided for a channel: function, constant (checksums) or bits (counter), payload length and
     * byte of the checksum, the other signals' fields, and the indexes of the exceptions.
     */
    record Plan(int function, int constant, int bits, int payloadLength, int byteIndex, List<Field> fields,
                int[] exceptions) {
    }

    private Derived() {
    }

    private static int[] table(int poly) {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80) != 0 ? ((c << 1) ^ poly) & 0xFF : (c << 1) & 0xFF;
            }
            t[i] = c;
        }
        return t;
    }

    /** The function (before its constant) over {@code data[from, from + length)} without byte {@code skip}. */
    static int checksum(int function, byte[] data, int from, int length, int skip) {
        int acc = switch (function) {
            case CRC8_1D, CRC8_2F -> 0xFF;
            default -> 0;
        };
        int[] t = function == CRC8_2F ? CRC_2F : CRC_1D;
        for (int k = 0; k < length; k++) {
            if (k == skip) {
                continue;
            }
            int b = data[from + k] & 0xFF;
            switch (function) {
                case XOR -> acc ^= b;
                case SUM -> acc += b;
                default -> acc = t[(acc ^ b) & 0xFF];
            }
        }
        return acc & 0xFF;
    }

    static int withConstant(int function, int value, int constant) {
        return function == SUM ? (value + constant) & 0xFF : value ^ constant;
    }

    /** The constant that turns {@code value} into {@code actual}. */
    static int constantFor(int function, int value, int actual) {
        return function == SUM ? (actual - value) & 0xFF : (value ^ actual) & 0xFF;
    }

    /** Writes the low {@code f.length} bits of {@code raw} into the payload at {@code from}, as DBC encoding does. */
    static void pack(byte[] data, int from, Field f, long raw) {
        if (f.littleEndian()) {
            for (int i = 0; i < f.length(); i++) {
                set(data, from, f.startBit() + i, (raw >>> i) & 1);
            }
        } else {
            int pos = f.startBit();
            for (int i = f.length() - 1; i >= 0; i--) {
                set(data, from, pos, (raw >>> i) & 1);
                pos = pos % 8 == 0 ? pos + 15 : pos - 1;
            }
        }
    }

    private static void set(byte[] data, int from, int pos, long bit) {
        int index = from + pos / 8;
        if (bit == 0) {
            data[index] &= (byte) ~(1 << (pos % 8));
        } else {
            data[index] |= (byte) (1 << (pos % 8));
        }
    }

    /** The payload bytes a field touches, as a bit mask over bytes 0..63; -1 if it leaves {@code length} bytes. */
    static long bytesTouched(Field f, int length) {
        long mask = 0;
        int pos = f.startBit();
        for (int i = 0; i < f.length(); i++) {
            int p = f.littleEndian() ? f.startBit() + i : pos;
            if (p < 0 || p / 8 >= length) {
                return -1;
            }
            mask |= 1L << (p / 8);
            pos = pos % 8 == 0 ? pos + 15 : pos - 1;
        }
        return mask;
    }

    /** The frames' payloads (n × length bytes) rebuilt from the fields' raw values. */
    static byte[] payloads(List<Field> fields, long[][] raws, int n, int length) {
        byte[] data = new byte[n * length];
        if (length <= 8) {
            return words(fields, raws, n, length, data);
        }
        for (int f = 0; f < fields.size(); f++) {
            Field field = fields.get(f);
            long[] raw = raws[f];
            for (int i = 0; i < n; i++) {
                pack(data, i * length, field, raw[i]);
            }
        }
        return data;
    }

    /**
     * {@link #payloads} for payloads of up to 8 bytes, a 64-bit word per frame: bit {@code pos} of the DBC numbering is
     * bit {@code pos} of the little-endian word, and a Motorola field is a contiguous run in the byte-swapped word.
     * Fields are written in order, each clearing its bits first, exactly as {@link #pack} does bit by bit.
     */
    private static byte[] words(List<Field> fields, long[][] raws, int n, int length, byte[] data) {
        int m = fields.size();
        long[] masks = new long[m];
        int[] shifts = new int[m];
        boolean[] little = new boolean[m];
        for (int f = 0; f < m; f++) {
            Field field = fields.get(f);
            masks[f] = field.length() >= 64 ? -1L : (1L << field.length()) - 1;
            little[f] = field.littleEndian();
            int sb = field.startBit();
            // Motorola: the most significant bit at byte sb / 8, bit sb % 8 = bit 56 - 8 (sb / 8) + sb % 8 swapped
            shifts[f] = little[f] ? sb : 56 - 8 * (sb / 8) + sb % 8 - field.length() + 1;
        }
        for (int i = 0; i < n; i++) {
            long w = 0;
            for (int f = 0; f < m; f++) {
                long mask = masks[f];
                int shift = shifts[f];
                long v = (raws[f][i] & mask) << shift;
                if (little[f]) {
                    w = (w & ~(mask << shift)) | v;
                } else {
                    long b = Long.reverseBytes(w);
                    w = Long.reverseBytes((b & ~(mask << shift)) | v);
                }
            }
            int at = i * length;
            for (int k = 0; k < length; k++) {
                data[at + k] = (byte) (w >>> (8 * k));
            }
        }
        return data;
    }

    /** A counter plan if at least 99 % of the samples are the previous one plus 1 (mod 2^bits), else null. */
    static Plan counter(long[] raw, int n, int bits) {
        if (n < MIN_SAMPLES || bits < 1 || bits > 32) {
            return null;
        }
        long mask = (1L << bits) - 1;
        boolean varies = false;
        int misses = 0, allowed = n - (int) Math.ceil(n * MIN_MATCH_PERCENT / 100.0);
        long prev = -1;
        for (int i = 0; i < n; i++) {
            if (raw[i] != ((prev + 1) & mask)) {
                if (++misses > allowed) {
                    return null;
                }
            }
            varies |= i > 0 && raw[i] != raw[i - 1];
            prev = raw[i];
        }
        if (!varies) {
            return null;
        }
        int[] ex = new int[misses];
        int k = 0;
        prev = -1;
        for (int i = 0; i < n; i++) {
            if (raw[i] != ((prev + 1) & mask)) {
                ex[k++] = i;
            }
            prev = raw[i];
        }
        return new Plan(COUNTER, 0, bits, 0, 0, List.of(), ex);
    }

    /** The best checksum plan for {@code raw} over the rebuilt payloads, if one matches at least 99 %, else null. */
    static Plan checksum(long[] raw, int n, byte[] payloads, int length, int byteIndex, List<Field> fields) {
        return checksum(raw, n, payloads, length, byteIndex, fields, MIN_MATCH_PERCENT);
    }

    /** As above, with the share of frames that must match in percent (a lower one for a first look at a few frames). */
    static Plan checksum(long[] raw, int n, byte[] payloads, int length, int byteIndex, List<Field> fields,
                         int minPercent) {
        if (n < MIN_SAMPLES) {
            return null;
        }
        int[] hist = new int[256];
        int bestFunction = -1, bestConstant = 0, bestCount = -1;
        for (int fn = XOR; fn < FUNCTIONS; fn++) {
            java.util.Arrays.fill(hist, 0);
            for (int i = 0; i < n; i++) {
                if (raw[i] >= 0 && raw[i] <= 255) {
                    hist[constantFor(fn, checksum(fn, payloads, i * length, length, byteIndex), (int) raw[i])]++;
                }
            }
            for (int c = 0; c < 256; c++) {
                if (hist[c] > bestCount) {
                    bestCount = hist[c];
                    bestFunction = fn;
                    bestConstant = c;
                }
            }
        }
        if (bestCount < Math.ceil(n * minPercent / 100.0)) {
            return null;
        }
        int[] ex = new int[n - bestCount];
        int k = 0;
        for (int i = 0; i < n; i++) {
            long expected = withConstant(bestFunction,
                    checksum(bestFunction, payloads, i * length, length, byteIndex), bestConstant);
            if (raw[i] != expected) {
                ex[k++] = i;
            }
        }
        return new Plan(bestFunction, bestConstant, 8, length, byteIndex, fields, ex);
    }

    /**
     * The plan found on the first frames ({@code first}: function and constant) over all {@code n} frames, if it
     * matches at least 99 % of them, else null — one checksum per frame instead of one per frame and function.
     */
    static Plan confirm(Plan first, long[] raw, int n, byte[] payloads) {
        int length = first.payloadLength(), fn = first.function();
        int allowed = n - (int) Math.ceil(n * MIN_MATCH_PERCENT / 100.0);
        int[] ex = new int[Math.min(n, 64)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            long expected = withConstant(fn, checksum(fn, payloads, i * length, length, first.byteIndex()),
                    first.constant());
            if (raw[i] != expected) {
                if (k == allowed) {
                    return null;
                }
                if (k == ex.length) {
                    ex = java.util.Arrays.copyOf(ex, Math.min(n, 2 * k));
                }
                ex[k++] = i;
            }
        }
        return new Plan(fn, first.constant(), 8, length, first.byteIndex(), first.fields(),
                java.util.Arrays.copyOf(ex, k));
    }

    /** Writes the plan's parameters to the table and its exceptions (index gap, zigzag raw value) to the body. */
    static void write(Plan plan, long[] raw, ByteOut table, ByteOut body) {
        table.u8(plan.function());
        if (plan.function() == COUNTER) {
            table.u8(plan.bits());
        } else {
            table.u8(plan.constant());
            table.u8(plan.payloadLength());
            table.u8(plan.byteIndex());
            table.varint(plan.fields().size());
            for (Field f : plan.fields()) {
                table.varint(f.channel());
                table.varint(f.startBit());
                table.u8(f.length());
                table.u8(f.littleEndian() ? 1 : 0);
            }
        }
        body.varint(plan.exceptions().length);
        int prev = -1;
        for (int i : plan.exceptions()) {
            body.varint(i - prev - 1);
            body.zigzag(raw[i]);
            prev = i;
        }
    }

    /** A derived channel as read: parameters from the table, exceptions from the body; resolved once its inputs are. */
    record Pending(int channel, int n, double factor, double offset, Plan plan, int[] exceptionIndex,
                   long[] exceptionValue, double[] values) {
    }

    /** The plan's parameters from the channel table (the exceptions come from the body: {@link #read}). */
    static Plan readPlan(int channel, ByteIn params, int channels) throws SegmentFormatException {
        long at = params.offset();
        int function = params.u8("derived function");
        Plan plan;
        if (function == COUNTER) {
            int bits = params.u8("counter bits");
            if (bits < 1 || bits > 32) {
                throw new SegmentFormatException(at, "derived counter of " + bits + " bits");
            }
            plan = new Plan(COUNTER, 0, bits, 0, 0, List.of(), null);
        } else if (function < FUNCTIONS) {
            int constant = params.u8("checksum constant");
            int length = params.u8("payload length");
            int byteIndex = params.u8("checksum byte");
            if (length < 1 || length > 64 || byteIndex >= length) {
                throw new SegmentFormatException(at, "derived checksum: byte " + byteIndex + " of " + length);
            }
            int count = params.count("field count", 64 * 8);
            List<Field> fields = new java.util.ArrayList<>(count);
            for (int f = 0; f < count; f++) {
                int ch = params.count("field channel", channels - 1L);
                if (ch == channel) {
                    throw params.error("a derived channel cannot depend on itself");
                }
                Field field = new Field(ch, params.count("field start bit", 511), params.u8("field length"),
                        params.u8("field byte order") != 0);
                if (field.length() < 1 || field.length() > 64 || bytesTouched(field, length) == -1) {
                    throw params.error("field of " + field.length() + " bits at " + field.startBit()
                            + " outside a " + length + "-byte payload");
                }
                fields.add(field);
            }
            plan = new Plan(function, constant, 8, length, byteIndex, fields, null);
        } else {
            throw new SegmentFormatException(at, "unknown derived function " + function);
        }
        return plan;
    }

    static Pending read(int channel, int n, double factor, double offset, Plan plan, ByteIn body, double[] values)
            throws SegmentFormatException {
        int count = body.count("exception count", n);
        int[] index = new int[count];
        long[] value = new long[count];
        int prev = -1;
        for (int k = 0; k < count; k++) {
            long next = prev + 1L + body.count("exception gap", n);
            if (next >= n) {
                throw body.error("exception index " + next + " beyond " + n + " samples");
            }
            index[k] = (int) next;
            value[k] = body.zigzag("exception value");
            prev = (int) next;
        }
        return new Pending(channel, n, factor, offset, plan, index, value, values);
    }

    /** The raw values of a pending channel, given the raw values of its fields' channels. */
    static long[] resolve(Pending p, long[][] fieldRaws) {
        int n = p.n();
        long[] raw = new long[n];
        Plan plan = p.plan();
        int next = 0;
        if (plan.function() == COUNTER) {
            long mask = (1L << plan.bits()) - 1, prev = -1;
            for (int i = 0; i < n; i++) {
                if (next < p.exceptionIndex().length && p.exceptionIndex()[next] == i) {
                    raw[i] = p.exceptionValue()[next++];
                } else {
                    raw[i] = (prev + 1) & mask;
                }
                prev = raw[i];
            }
            return raw;
        }
        int length = plan.payloadLength();
        byte[] payloads = payloads(plan.fields(), fieldRaws, n, length);
        for (int i = 0; i < n; i++) {
            if (next < p.exceptionIndex().length && p.exceptionIndex()[next] == i) {
                raw[i] = p.exceptionValue()[next++];
            } else {
                raw[i] = withConstant(plan.function(),
                        checksum(plan.function(), payloads, i * length, length, plan.byteIndex()), plan.constant());
            }
        }
        return raw;
    }

    /**
     * For raw CAN frames of one id: the byte (position, function, constant) that is a checksum of the other bytes of
     * at least 99 % of the frames, as {@code {function, constant, byteIndex}}, or null. Frames too short for the byte
     * count as misses.
     */
    static int[] frameChecksum(List<byte[]> payloads) {
        int n = payloads.size();
        if (n < MIN_SAMPLES) {
            return null;
        }
        int maxLength = 0;
        for (byte[] d : payloads) {
            maxLength = Math.max(maxLength, d.length);
        }
        int need = (int) Math.ceil(n * MIN_MATCH_PERCENT / 100.0);
        // a look at the first frames (at least 90 % there) before the whole pass
        int probe = Math.min(n, 256), probeNeed = (int) Math.ceil(probe * 0.9);
        int[] hist = new int[256];
        int[] best = null;
        int bestCount = -1;
        for (int b = 0; b < Math.min(maxLength, 64); b++) {
            for (int fn = XOR; fn < FUNCTIONS; fn++) {
                int[] found = mode(payloads, probe, b, fn, hist);
                if (found[1] < probeNeed) {
                    continue;
                }
                found = mode(payloads, n, b, fn, hist);
                if (found[1] >= need && found[1] > bestCount) {
                    bestCount = found[1];
                    best = new int[] {fn, found[0], b};
                }
            }
        }
        return best;
    }

    /** The most frequent constant over the first {@code n} payloads, and how often: {@code {constant, count}}. */
    private static int[] mode(List<byte[]> payloads, int n, int b, int fn, int[] hist) {
        java.util.Arrays.fill(hist, 0);
        for (int i = 0; i < n; i++) {
            byte[] d = payloads.get(i);
            if (d.length > b) {
                hist[constantFor(fn, checksum(fn, d, 0, d.length, b), d[b] & 0xFF)]++;
            }
        }
        int c = 0;
        for (int k = 1; k < 256; k++) {
            if (hist[k] > hist[c]) {
                c = k;
            }
        }
        return new int[] {c, hist[c]};
    }

    /** The expected checksum byte of a raw frame (byte {@code b} must exist). */
    static int frameExpected(int[] check, byte[] data) {
        return withConstant(check[0], checksum(check[0], data, 0, data.length, check[2]), check[1]);
    }
}
