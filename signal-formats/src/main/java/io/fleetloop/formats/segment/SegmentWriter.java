package io.fleetloop.formats.segment;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.dbc.DbcSignal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a window of samples as one compressed, columnar segment (see docs/formats.md, "Compressed segment").
 * Per channel: timestamps as delta-of-delta zigzag varints; doubles as DBC raw integers when every value is exactly
 * {@code raw * factor + offset} of the channel's DBC signal, else as decimal-scaled integers when every value is
 * exactly {@code r / 10^k} (k ≤ 12: values parsed from CSV/NDJSON text), both as the residuals of the channel's best
 * predictor, varint- or Rice-coded ({@link Residuals}), else the double bits
 * XOR-ed with the previous value (Gorilla-like, byte aligned); strings through a per-channel dictionary; other or
 * mixed values tagged one by one. Each modality (CAN, IMU, GNSS…) is its own zstd frame so that the header gives the
 * byte counts per modality. Decoding is exact: same channels, same values (bit for bit), same order per channel and,
 * by default, the same interleaving across channels.
 *
 * <p>Not thread-safe to configure; {@link #write} itself keeps no state and may be called concurrently.
 */
public final class SegmentWriter {

    static final byte[] MAGIC = "FLSG".getBytes(StandardCharsets.ISO_8859_1);
    static final int FLAG_ORDER = 1;
    static final String TABLE = "channels", ORDER = "order";

    private int level = 3;
    private SegmentDictionary dictionary;
    private final Map<String, DbcSignal> dbcSignals = new HashMap<>();
    private Function<String, String> modality = SegmentWriter::defaultModality;
    private boolean preserveInterleaving = true;

    /** zstd level, 1..22 (default 3). */
    public SegmentWriter level(int zstdLevel) {
        if (zstdLevel < 1 || zstdLevel > 22) {
            throw new IllegalArgumentException("zstd level must be 1..22, was " + zstdLevel);
        }
        this.level = zstdLevel;
        return this;
    }

    /** A trained dictionary (per vehicle model); null for none. */
    public SegmentWriter dictionary(SegmentDictionary trained) {
        this.dictionary = trained;
        return this;
    }

    /**
     * The DBC the CAN channels were decoded with ({@code <Message>.<Signal>}, as {@code CanSignalDecoder} names them):
     * their values are stored as raw integers, and their modality is {@code can}.
     */
    public SegmentWriter dbc(DbcFile dbc) {
        for (DbcMessage m : dbc.messages()) {
            for (DbcSignal s : m.signals()) {
                if (s.valueType() == DbcSignal.ValueType.INTEGER) {
                    dbcSignals.put(m.name() + "." + s.name(), s);
                }
            }
        }
        Function<String, String> previous = modality;
        modality = channel -> dbcSignals.containsKey(channel) ? "can" : previous.apply(channel);
        return this;
    }

    /** How a channel's modality is named (default: the part of the channel name before the first dot). */
    public SegmentWriter modality(Function<String, String> channelToModality) {
        Function<String, String> dbcFirst = channel -> dbcSignals.containsKey(channel) ? "can"
                : channelToModality.apply(channel);
        this.modality = dbcFirst;
        return this;
    }

    /**
     * Whether to store the interleaving of channels (default true: {@link SegmentReader#read} returns the samples in
     * exactly the order written; false: channel after channel, each in its written order — a little smaller).
     */
    public SegmentWriter preserveInterleaving(boolean preserve) {
        this.preserveInterleaving = preserve;
        return this;
    }

    static String defaultModality(String channel) {
        int dot = channel.indexOf('.');
        return dot > 0 ? channel.substring(0, dot) : "other";
    }

    /** The compressed segment of {@code samples}. */
    public byte[] write(List<Sample> samples) {
        return Container.write(MAGIC, preserveInterleaving ? FLAG_ORDER : 0, level, dictionary, encode(samples));
    }

    /** The uncompressed blocks of a segment, to train a {@link SegmentDictionary} on (one list element per block). */
    public List<byte[]> trainingSamples(List<Sample> samples) {
        return encode(samples).stream().map(Container.Block::encoded).toList();
    }

    /** One channel's columns, gathered in one sequential pass: doubles unboxed at once, other values kept as is. */
    private static final class Channel {
        final String name;
        final int index;
        int modality;
        long[] ts = new long[16];
        double[] doubles = new double[16];
        Object[] others; // non-null once a value that is not a Double appears
        int n;

        Channel(String name, int index) {
            this.name = name;
            this.index = index;
        }

        void add(long t, Object v) {
            if (n == ts.length) {
                ts = java.util.Arrays.copyOf(ts, n * 2);
                doubles = java.util.Arrays.copyOf(doubles, n * 2);
                if (others != null) {
                    others = java.util.Arrays.copyOf(others, n * 2);
                }
            }
            ts[n] = t;
            if (v instanceof Double d) {
                doubles[n] = d;
                if (others != null) {
                    others[n] = d;
                }
            } else {
                if (others == null) {
                    others = new Object[ts.length];
                    for (int i = 0; i < n; i++) {
                        others[i] = doubles[i];
                    }
                }
                others[n] = v;
            }
            n++;
        }
    }

    private List<Container.Block> encode(List<Sample> samples) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        ByteOut order = new ByteOut(preserveInterleaving ? samples.size() + 16 : 16);
        Channel last = null;
        for (Sample s : samples) {
            Channel c = last != null && last.name.equals(s.channel()) ? last : channels.get(s.channel());
            if (c == null) {
                c = new Channel(s.channel(), channels.size());
                channels.put(s.channel(), c);
            }
            c.add(s.timestampNanos(), s.value());
            if (preserveInterleaving) {
                order.varint(c.index);
            }
            last = c;
        }
        Map<String, Integer> modalityIndex = new LinkedHashMap<>();
        for (Channel c : channels.values()) {
            c.modality = modalityIndex.computeIfAbsent(modality.apply(c.name), m -> modalityIndex.size());
        }
        List<ByteOut> bodies = new ArrayList<>();
        long[] counts = new long[modalityIndex.size()];
        modalityIndex.keySet().forEach(m -> bodies.add(new ByteOut(1 << 12)));
        ByteOut table = new ByteOut(channels.size() * 48 + 16);
        table.varint(channels.size());
        for (Channel c : channels.values()) {
            ByteOut body = bodies.get(c.modality);
            counts[c.modality] += c.n;
            int before = body.size();
            Columns.timestamps(c.ts, c.n, body);
            int tsBytes = body.size() - before;
            table.string(c.name);
            table.varint(c.modality);
            table.varint(c.n);
            table.varint(tsBytes);
            encodeValues(c, body, table);
            table.varint(body.size() - before - tsBytes);
        }
        List<Container.Block> blocks = new ArrayList<>();
        blocks.add(new Container.Block(TABLE, channels.size(), table.toByteArray()));
        if (preserveInterleaving) {
            blocks.add(new Container.Block(ORDER, samples.size(), order.toByteArray()));
        }
        int i = 0;
        for (String m : modalityIndex.keySet()) {
            blocks.add(new Container.Block(m, counts[i], bodies.get(i).toByteArray()));
            i++;
        }
        return blocks;
    }

    /** An integer column as residuals of its best predictor ({@link Residuals}): predictor and coding to the table. */
    private static void predicted(long[] raw, int n, ByteOut body, ByteOut table) {
        int predictor = Residuals.choosePredictor(raw, n);
        long[] z = Residuals.residuals(raw, n, predictor);
        int coding = Residuals.chooseCoding(z, n);
        table.u8(predictor);
        table.u8(coding);
        Residuals.write(z, n, coding, body);
    }

    /** Chooses the channel's kind, writes its parameters to the table and its value column to the body. */
    private void encodeValues(Channel c, ByteOut body, ByteOut table) {
        int n = c.n;
        boolean allDoubles = c.others == null, allStrings = c.others != null;
        for (int i = 0; allStrings && i < n; i++) {
            allStrings = c.others[i] instanceof String;
        }
        if (allDoubles && n > 0) {
            double[] v = c.doubles;
            DbcSignal s = dbcSignals.get(c.name);
            long[] raw = s == null ? null : Columns.quantise(v, n, s.factor(), s.offset());
            if (raw != null) {
                table.u8(Columns.QUANT_PREDICTED);
                table.u64(Double.doubleToRawLongBits(s.factor()));
                table.u64(Double.doubleToRawLongBits(s.offset()));
                predicted(raw, n, body, table);
                return;
            }
            int k = Columns.decimalScale(v, n);
            if (k >= 0) {
                table.u8(Columns.DECIMAL_PREDICTED);
                table.u8(k);
                predicted(Columns.decimal(v, n, k), n, body, table);
                return;
            }
            table.u8(Columns.XOR);
            Columns.xor(v, n, body);
            return;
        }
        if (allStrings && n > 0) {
            Map<String, Integer> dict = new LinkedHashMap<>();
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = dict.computeIfAbsent((String) c.others[i], x -> dict.size());
            }
            table.u8(Columns.STRING);
            table.varint(dict.size());
            dict.keySet().forEach(table::string);
            for (int i = 0; i < n; i++) {
                body.varint(index[i]);
            }
            return;
        }
        table.u8(Columns.GENERIC);
        Map<String, Integer> strings = Columns.newDictionary();
        for (int i = 0; i < n; i++) {
            Columns.generic(c.others == null ? (Object) c.doubles[i] : c.others[i], body, strings);
        }
    }
}
