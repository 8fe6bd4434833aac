package io.fleetloop.formats.dbc;

import io.fleetloop.formats.dbc.DbcSignal.Multiplex;
import io.fleetloop.formats.dbc.DbcSignal.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes a CAN payload into physical signal values ({@code raw * factor + offset}) and encodes them back (for
 * tests and the simulator).
 *
 * <p>Bit numbering follows the DBC convention: bit {@code n} is bit {@code n % 8} of byte {@code n / 8}. An Intel
 * ({@code @1}) signal starts at its least significant bit and grows upwards. A Motorola ({@code @0}) signal starts
 * at its most significant bit and continues to the next lower bit of the same byte, wrapping from bit 0 of a byte
 * to bit 7 of the next byte (the "sawtooth"). Checked against cantools' motohawk.dbc test vectors (see DbcCodecTest).
 */
public final class DbcCodec {

    /** A frame too short for a signal, or a value that does not fit. */
    public static final class CodecException extends RuntimeException {
        CodecException(String message) {
            super(message);
        }
    }

    private DbcCodec() {
    }

    /**
     * Physical values of the message's signals present in {@code data}: with multiplexing, only the multiplexer
     * and the signals selected by its value.
     */
    public static Map<String, Double> decode(DbcMessage message, byte[] data) {
        Long selector = null;
        DbcSignal multiplexer = message.multiplexer().orElse(null);
        if (multiplexer != null) {
            selector = raw(multiplexer, data);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (DbcSignal s : message.signals()) {
            if (s.multiplex() == Multiplex.MULTIPLEXED && (selector == null || s.multiplexValue() != selector)) {
                continue;
            }
            out.put(s.name(), physical(s, raw(s, data)));
        }
        return out;
    }

    /** The {@code VAL_} label of the signal's raw value in this frame, or null if the DBC has none for it. */
    public static String label(DbcSignal signal, byte[] data) {
        return signal.valueTable().get(raw(signal, data));
    }

    static double physical(DbcSignal s, long raw) {
        double value = switch (s.valueType()) {
            case FLOAT -> Float.intBitsToFloat((int) raw);
            case DOUBLE -> Double.longBitsToDouble(raw);
            case INTEGER -> s.signed() || s.length() < 64 ? (double) raw : unsignedToDouble(raw);
        };
        return value * s.factor() + s.offset();
    }

    /** The raw bits of a signal, sign-extended when the signal is signed. */
    public static long raw(DbcSignal s, byte[] data) {
        long value = 0;
        if (s.littleEndian()) {
            for (int i = 0; i < s.length(); i++) {
                value |= (long) bit(data, s.startBit() + i, s) << i;
            }
        } else {
            int pos = s.startBit();
            for (int i = 0; i < s.length(); i++) {
                value = (value << 1) | bit(data, pos, s);
                pos = pos % 8 == 0 ? pos + 15 : pos - 1;
            }
        }
        if (s.signed() && s.valueType() == ValueType.INTEGER && s.length() < 64
                && (value & (1L << (s.length() - 1))) != 0) {
            value |= -1L << s.length();
        }
        return value;
    }

    private static int bit(byte[] data, int pos, DbcSignal s) {
        int index = pos / 8;
        if (index >= data.length) {
            throw new CodecException("signal " + s.name() + " needs byte " + index + " but the frame has "
                    + data.length + " bytes");
        }
        return (data[index] >> (pos % 8)) & 1;
    }

    /** Encodes physical values; signals not given are 0 (raw), the multiplexer selects which others are written. */
    public static byte[] encode(DbcMessage message, Map<String, Double> physical) {
        byte[] data = new byte[message.length()];
        Double selector = message.multiplexer().map(m -> physical.getOrDefault(m.name(), 0.0)).orElse(null);
        for (DbcSignal s : message.signals()) {
            if (s.multiplex() == Multiplex.MULTIPLEXED) {
                if (selector == null) {
                    continue;
                }
                long selectorRaw = Math.round((selector - message.multiplexer().get().offset())
                        / message.multiplexer().get().factor());
                if (selectorRaw != s.multiplexValue()) {
                    continue;
                }
            }
            write(data, s, toRaw(s, physical.getOrDefault(s.name(), s.offset())));
        }
        return data;
    }

    static long toRaw(DbcSignal s, double physical) {
        double scaled = (physical - s.offset()) / s.factor();
        return switch (s.valueType()) {
            case FLOAT -> Float.floatToIntBits((float) scaled) & 0xFFFFFFFFL;
            case DOUBLE -> Double.doubleToLongBits(scaled);
            case INTEGER -> {
                long raw = Math.round(scaled);
                if (s.length() < 64) {
                    long min = s.signed() ? -(1L << (s.length() - 1)) : 0;
                    long max = s.signed() ? (1L << (s.length() - 1)) - 1 : (1L << s.length()) - 1;
                    if (raw < min || raw > max) {
                        throw new CodecException("value " + physical + " of " + s.name() + " does not fit "
                                + s.length() + " bits");
                    }
                }
                yield raw;
            }
        };
    }

    static void write(byte[] data, DbcSignal s, long raw) {
        if (s.littleEndian()) {
            for (int i = 0; i < s.length(); i++) {
                setBit(data, s.startBit() + i, (raw >>> i) & 1, s);
            }
        } else {
            int pos = s.startBit();
            for (int i = s.length() - 1; i >= 0; i--) {
                setBit(data, pos, (raw >>> i) & 1, s);
                pos = pos % 8 == 0 ? pos + 15 : pos - 1;
            }
        }
    }

    private static void setBit(byte[] data, int pos, long bit, DbcSignal s) {
        int index = pos / 8;
        if (index >= data.length) {
            throw new CodecException("signal " + s.name() + " does not fit a " + data.length + "-byte frame");
        }
        if (bit == 0) {
            data[index] &= (byte) ~(1 << (pos % 8));
        } else {
            data[index] |= (byte) (1 << (pos % 8));
        }
    }

    private static double unsignedToDouble(long raw) {
        return raw >= 0 ? raw : (double) (raw >>> 1) * 2.0 + (raw & 1);
    }
}
