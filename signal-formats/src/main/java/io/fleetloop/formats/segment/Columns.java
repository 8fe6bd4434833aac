package io.fleetloop.formats.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Column encodings of one channel: timestamps and the value kinds. */
final class Columns {

    static final int QUANT = 0, DECIMAL = 1, XOR = 2, STRING = 3, GENERIC = 4, QUANT_PREDICTED = 5, DECIMAL_PREDICTED = 6,
            DERIVED = 7;
    static final String[] KIND_NAMES = {"dbc-raw", "decimal", "xor", "dictionary", "generic", "dbc-raw", "decimal",
            "derived"};
    static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};
    private static final double MAX_EXACT = 9.007199254740992E15; // 2^53
    private static final ObjectMapper JSON = new ObjectMapper();

    private Columns() {
    }

    // ---- timestamps: delta-of-delta, zigzag varints

    static void timestamps(long[] ts, int n, ByteOut out) {
        long prev = 0, prevDelta = 0;
        for (int i = 0; i < n; i++) {
            long delta = ts[i] - prev;
            out.zigzag(delta - prevDelta);
            prev = ts[i];
            prevDelta = delta;
        }
    }

    static long[] timestamps(ByteIn in, int n) throws SegmentFormatException {
        long[] ts = new long[n];
        long prev = 0, prevDelta = 0;
        for (int i = 0; i < n; i++) {
            long delta = prevDelta + in.zigzag("timestamp");
            prev += delta;
            ts[i] = prev;
            prevDelta = delta;
        }
        return ts;
    }

    // ---- numeric choices

    /** The raw DBC integers if every value is exactly {@code raw * factor + offset}, else null. */
    static long[] quantise(double[] v, int n, double factor, double offset) {
        if (!(factor != 0) || !Double.isFinite(factor) || !Double.isFinite(offset)) {
            return null;
        }
        long[] raw = new long[n];
        double inverse = 1 / factor;
        for (int i = 0; i < n; i++) {
            // a multiplication first; the division only where its integer does not give the value back exactly
            // (either integer that does is a correct raw value: the round trip checks the value, not the integer)
            double r = Math.rint((v[i] - offset) * inverse);
            long l = (long) r;
            if (!(Math.abs(r) < MAX_EXACT)
                    || Double.doubleToRawLongBits((double) l * factor + offset) != Double.doubleToRawLongBits(v[i])) {
                r = Math.rint((v[i] - offset) / factor);
                if (!(Math.abs(r) < MAX_EXACT)) {
                    return null;
                }
                l = (long) r;
                if (Double.doubleToRawLongBits((double) l * factor + offset) != Double.doubleToRawLongBits(v[i])) {
                    return null;
                }
            }
            raw[i] = l;
        }
        return raw;
    }

    /** The smallest decimal scale k for which every value is exactly {@code r / 10^k}, or -1. */
    static int decimalScale(double[] v, int n) {
        for (int k = 0; k < POW10.length; k++) {
            if (decimal(v, n, k) != null) {
                return k;
            }
        }
        return -1;
    }

    static long[] decimal(double[] v, int n, int k) {
        double p = POW10[k];
        long[] raw = new long[n];
        for (int i = 0; i < n; i++) {
            double r = Math.rint(v[i] * p);
            if (!(Math.abs(r) < MAX_EXACT)) {
                return null;
            }
            long l = (long) r;
            if (Double.doubleToRawLongBits(l / p) != Double.doubleToRawLongBits(v[i])) {
                return null;
            }
            raw[i] = l;
        }
        return raw;
    }

    static void deltas(long[] raw, int n, ByteOut out) {
        long prev = 0;
        for (int i = 0; i < n; i++) {
            out.zigzag(raw[i] - prev);
            prev = raw[i];
        }
    }

    static long[] deltas(ByteIn in, int n) throws SegmentFormatException {
        long[] raw = new long[n];
        long prev = 0;
        for (int i = 0; i < n; i++) {
            prev += in.zigzag("value delta");
            raw[i] = prev;
        }
        return raw;
    }

    /** Gorilla-like, byte aligned: XOR with the previous bits, a byte (leading zero bytes, trailing zero bytes), the rest. */
    static void xor(double[] v, int n, ByteOut out) {
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(v[i]);
            long x = bits ^ prev;
            prev = bits;
            if (x == 0) {
                out.u8(0x88);
                continue;
            }
            int lead = Long.numberOfLeadingZeros(x) / 8, trail = Long.numberOfTrailingZeros(x) / 8;
            out.u8((lead << 4) | trail);
            for (int b = 7 - lead; b >= trail; b--) {
                out.u8((int) (x >>> (8 * b)));
            }
        }
    }

    static double[] xor(ByteIn in, int n) throws SegmentFormatException {
        double[] v = new double[n];
        long prev = 0;
        for (int i = 0; i < n; i++) {
            int h = in.u8("xor header");
            long x = 0;
            if (h != 0x88) {
                int lead = h >>> 4, trail = h & 0xF;
                if (lead + trail > 7) {
                    throw in.error("corrupt xor header " + h);
                }
                for (int b = 7 - lead; b >= trail; b--) {
                    x |= (long) in.u8("xor bytes") << (8 * b);
                }
            }
            prev ^= x;
            v[i] = Double.longBitsToDouble(prev);
        }
        return v;
    }

    // ---- generic values (mixed types, JSON, null)

    static void generic(Object value, ByteOut out, Map<String, Integer> strings) {
        if (value == null) {
            out.u8(0);
        } else if (value instanceof Double d) {
            out.u8(1);
            out.u64(Double.doubleToRawLongBits(d));
        } else if (value instanceof String s) {
            Integer index = strings.get(s);
            if (index != null) {
                out.u8(8);
                out.varint(index);
            } else {
                strings.put(s, strings.size());
                out.u8(2);
                out.string(s);
            }
        } else if (value instanceof Long l) {
            out.u8(3);
            out.zigzag(l);
        } else if (value instanceof Boolean b) {
            out.u8(b ? 5 : 4);
        } else if (value instanceof Integer i) {
            out.u8(6);
            out.zigzag(i);
        } else if (value instanceof Float f) {
            out.u8(7);
            out.u32(Float.floatToRawIntBits(f));
        } else if (value instanceof JsonNode node) {
            out.u8(9);
            out.string(node.toString());
        } else {
            throw new IllegalArgumentException("a segment cannot store values of " + value.getClass().getName()
                    + " (Double, Float, Long, Integer, Boolean, String, JsonNode or null)");
        }
    }

    static Object generic(ByteIn in, List<String> strings) throws SegmentFormatException {
        int tag = in.u8("value tag");
        return switch (tag) {
            case 0 -> null;
            case 1 -> Double.longBitsToDouble(in.u64("double"));
            case 2 -> {
                String s = in.string("string");
                strings.add(s);
                yield s;
            }
            case 3 -> in.zigzag("long");
            case 4 -> Boolean.FALSE;
            case 5 -> Boolean.TRUE;
            case 6 -> (int) in.zigzag("int");
            case 7 -> Float.intBitsToFloat(in.u32("float"));
            case 8 -> {
                int index = in.count("string reference", strings.size() - 1L);
                yield strings.get(index);
            }
            case 9 -> {
                long at = in.offset();
                String text = in.string("json");
                try {
                    yield JSON.readTree(text);
                } catch (IOException e) {
                    throw new SegmentFormatException(at, "corrupt JSON value: " + e.getMessage());
                }
            }
            default -> throw in.error("unknown value tag " + tag);
        };
    }

    static Map<String, Integer> newDictionary() {
        return new HashMap<>();
    }

    static List<String> newStrings() {
        return new ArrayList<>();
    }
}
