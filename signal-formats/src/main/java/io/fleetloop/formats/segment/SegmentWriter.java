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
    private final Map<String, DbcMessage> dbcMessages = new HashMap<>();
    private boolean derive = true;
    private int version = Container.VERSION_3;
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
                    dbcMessages.put(m.name() + "." + s.name(), m);
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

    /**
     * Whether DBC signals that are a function of the rest of their frame (checksum bytes, rolling counters) are stored
     * as that function plus its exceptions (default true; see {@link Derived}).
     */
    public SegmentWriter deriveChecksums(boolean enabled) {
        this.derive = enabled;
        return this;
    }

    /**
     * The segment version to write: 3 (default: derived channels, rANS-coded residuals), or 2 (range-coded residuals)
     * or 1 (no derived channels, Rice-coded residuals) for readers that know only those.
     */
    public SegmentWriter formatVersion(int formatVersion) {
        if (formatVersion < Container.VERSION || formatVersion > Container.VERSION_3) {
            throw new IllegalArgumentException("segment version must be 1, 2 or 3, was " + formatVersion);
        }
        this.version = formatVersion;
        return this;
    }

    static String defaultModality(String channel) {
        int dot = channel.indexOf('.');
        return dot > 0 ? channel.substring(0, dot) : "other";
    }

    /** The compressed segment of {@code samples}. */
    public byte[] write(List<Sample> samples) {
        return Container.write(MAGIC, version, preserveInterleaving ? FLAG_ORDER : 0, level, dictionary,
                encode(samples));
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
        long[] raw; // the DBC raw integers, when every value is one
        Derived.Plan plan; // when the channel is derived from others (or is a counter)
        Channel next; // the channel that followed this one last time (interleavings repeat: saves the map look-up)
        // the channels that have followed this one (the last signal of a CAN message is followed by the first of any
        // message), compared by identity before the map look-up
        final Channel[] followers = new Channel[8];
        int followerCount;

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
        Slots slots = new Slots();
        for (Sample s : samples) {
            String name = s.channel();
            Channel c = last == null ? null : last.next != null && last.next.name.equals(name) ? last.next
                    : last.name.equals(name) ? last : null;
            if (c == null && last != null) {
                Channel[] f = last.followers;
                for (int k = 0, count = last.followerCount; k < count; k++) {
                    if (f[k].name == name) {
                        c = f[k];
                        last.next = c;
                        break;
                    }
                }
            }
            if (c == null) {
                c = slots.find(name);
                if (c == null) {
                    c = new Channel(name, channels.size());
                    channels.put(name, c);
                    slots.add(c);
                }
                if (last != null) {
                    last.next = c;
                    if (last.followerCount < last.followers.length) {
                        last.followers[last.followerCount++] = c;
                    }
                }
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
        if (derive && version >= Container.VERSION_2 && !dbcSignals.isEmpty()) {
            planDerived(channels);
        }
        List<ByteOut> bodies = new ArrayList<>();
        long[] counts = new long[modalityIndex.size()];
        modalityIndex.keySet().forEach(m -> bodies.add(new ByteOut(1 << 12)));
        ByteOut table = new ByteOut(channels.size() * 48 + 16);
        table.varint(channels.size());
        Map<Long, Channel> byTimestamps = new HashMap<>();
        for (Channel c : channels.values()) {
            ByteOut body = bodies.get(c.modality);
            counts[c.modality] += c.n;
            int before = body.size();
            table.string(c.name);
            table.varint(c.modality);
            Channel same = null;
            if (version >= Container.VERSION_3) { // the signals of one message share their timestamps: stored once
                same = sameTimestamps(c, byTimestamps);
                table.varint(same == null ? 0 : c.index - same.index);
            }
            table.varint(c.n);
            if (same == null) {
                Columns.timestamps(c.ts, c.n, body);
                table.varint(body.size() - before);
            }
            int tsBytes = body.size() - before;
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

    /** Channels by name, open addressing on the string's cached hash, the same string instance found first. */
    private static final class Slots {
        private Channel[] slots = new Channel[64];
        private int size;

        Channel find(String name) {
            int mask = slots.length - 1;
            int h = name.hashCode();
            for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
                Channel c = slots[i];
                if (c == null || c.name == name || c.name.equals(name)) {
                    return c;
                }
            }
        }

        void add(Channel c) {
            if (2 * (size + 1) > slots.length) {
                Channel[] old = slots;
                slots = new Channel[old.length * 2];
                for (Channel o : old) {
                    if (o != null) {
                        put(o);
                    }
                }
            }
            put(c);
            size++;
        }

        private void put(Channel c) {
            int mask = slots.length - 1;
            int h = c.name.hashCode();
            int i = (h ^ (h >>> 16)) & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = c;
        }
    }

    /** An earlier channel with exactly the same timestamps, else null (and {@code c} is remembered for later ones). */
    private static Channel sameTimestamps(Channel c, Map<Long, Channel> byTimestamps) {
        if (c.n == 0) {
            return null;
        }
        long key = c.n * 0x9E3779B97F4A7C15L + c.ts[0] * 31 + c.ts[c.n - 1];
        Channel o = byTimestamps.get(key);
        if (o != null && o.n == c.n && java.util.Arrays.equals(o.ts, 0, o.n, c.ts, 0, c.n)) {
            return o;
        }
        byTimestamps.putIfAbsent(key, c);
        return null;
    }

    /** Quantises every DBC channel, then finds the checksums and counters among them ({@link Derived}). */
    private void planDerived(Map<String, Channel> channels) {
        for (Channel c : channels.values()) {
            DbcSignal s = dbcSignals.get(c.name);
            if (s != null && c.others == null && c.n > 0) {
                c.raw = Columns.quantise(c.doubles, c.n, s.factor(), s.offset());
            }
        }
        for (Channel c : channels.values()) {
            if (c.raw == null || c.n < Derived.MIN_SAMPLES) {
                continue;
            }
            DbcSignal s = dbcSignals.get(c.name);
            DbcMessage m = dbcMessages.get(c.name);
            boolean byteAligned = s.length() == 8 && s.startBit() % 8 == (s.littleEndian() ? 0 : 7);
            if (byteAligned && m.length() <= 64 && s.startBit() / 8 < m.length()) {
                c.plan = checksumPlan(c, s, m, channels);
            }
            if (c.plan == null && !s.signed() && s.length() <= 32) {
                c.plan = Derived.counter(c.raw, c.n, s.length());
            }
        }
    }

    private Derived.Plan checksumPlan(Channel c, DbcSignal s, DbcMessage m, Map<String, Channel> channels) {
        int byteIndex = s.startBit() / 8;
        List<Derived.Field> fields = new ArrayList<>();
        List<long[]> raws = new ArrayList<>();
        for (DbcSignal other : m.signals()) {
            if (other == s) {
                continue;
            }
            Channel o = channels.get(m.name() + "." + other.name());
            if (other.multiplex() != DbcSignal.Multiplex.NONE || o == null || o.raw == null || o.n != c.n
                    || (o.plan != null && o.plan.function() != Derived.COUNTER)
                    || !java.util.Arrays.equals(o.ts, 0, o.n, c.ts, 0, c.n)) {
                return null; // the payload cannot be rebuilt from this segment
            }
            Derived.Field f = new Derived.Field(o.index, other.startBit(), other.length(), other.littleEndian());
            long touched = Derived.bytesTouched(f, m.length());
            if (touched == -1 || (touched & (1L << byteIndex)) != 0) {
                return null;
            }
            fields.add(f);
            raws.add(o.raw);
        }
        long[][] inputs = raws.toArray(new long[0][]);
        int probe = Math.min(c.n, 256); // a cheap look at the first frames before rebuilding them all
        Derived.Plan first = Derived.checksum(c.raw, probe, Derived.payloads(fields, inputs, probe, m.length()),
                m.length(), byteIndex, fields, 90);
        if (first == null) {
            return null;
        }
        byte[] payloads = Derived.payloads(fields, inputs, c.n, m.length());
        Derived.Plan confirmed = Derived.confirm(first, c.raw, c.n, payloads);
        return confirmed != null ? confirmed : Derived.checksum(c.raw, c.n, payloads, m.length(), byteIndex, fields);
    }

    /** An integer column as residuals of its best predictor ({@link Residuals}): predictor and coding to the table. */
    private void predicted(long[] raw, int n, ByteOut body, ByteOut table) {
        int predictor = Residuals.choosePredictor(raw, n);
        long[] z = Residuals.residuals(raw, n, predictor);
        int coding = Residuals.chooseCoding(z, n);
        if (coding == Residuals.RICE && version >= Container.VERSION_2) {
            coding = version >= Container.VERSION_3 ? Residuals.RANS : Residuals.RANGE;
        }
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
        if (c.plan != null) {
            DbcSignal s = dbcSignals.get(c.name);
            table.u8(Columns.DERIVED);
            table.u64(Double.doubleToRawLongBits(s.factor()));
            table.u64(Double.doubleToRawLongBits(s.offset()));
            Derived.write(c.plan, c.raw, table, body);
            return;
        }
        if (allDoubles && n > 0) {
            double[] v = c.doubles;
            DbcSignal s = dbcSignals.get(c.name);
            long[] raw = c.raw != null ? c.raw : s == null ? null : Columns.quantise(v, n, s.factor(), s.offset());
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
