package io.fleetloop.formats.segment;

import io.fleetloop.formats.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link SegmentWriter} wrote. Any damage — wrong magic, truncation, a checksum mismatch, a wrong or
 * missing dictionary, inconsistent columns — is a {@link SegmentFormatException} with the byte offset (in the
 * segment for the envelope; in the named decompressed block for the columns).
 *
 * <p>Ordering: {@link #read} returns the samples in exactly the order they were written when the segment kept the
 * interleaving (the default), otherwise channel after channel in order of first appearance; {@link #readChannels}
 * always returns each channel's samples in the order written (timestamps are never re-sorted).
 */
public final class SegmentReader {

    private final SegmentDictionary dictionary;

    public SegmentReader() {
        this(null);
    }

    /** A reader for segments written with {@code dictionary} (and for segments written without any). */
    public SegmentReader(SegmentDictionary dictionary) {
        this.dictionary = dictionary;
    }

    public static SegmentInfo info(byte[] segment) throws SegmentFormatException {
        return SegmentInfo.of(Container.header(SegmentWriter.MAGIC, segment), segment.length);
    }

    public List<Sample> read(byte[] segment) throws SegmentFormatException {
        Decoded d = decode(segment);
        List<Sample> out = new ArrayList<>(d.total);
        if (d.order == null) {
            for (Column c : d.columns) {
                for (int i = 0; i < c.timestampsNanos.length; i++) {
                    out.add(new Sample(c.channel, c.timestampsNanos[i], c.value(i)));
                }
            }
            return out;
        }
        Column[] cols = d.columns.toArray(new Column[0]);
        int[] next = new int[cols.length];
        ByteIn in = d.order;
        byte[] buf = in.array();
        for (int i = 0; i < d.total; i++) {
            int ch;
            if (in.remaining() > 0 && buf[in.position()] >= 0 && buf[in.position()] < cols.length) {
                ch = buf[in.position()]; // the common one-byte index
                in.skip(1, "channel index");
            } else {
                ch = in.count("channel index", cols.length - 1L);
            }
            Column c = cols[ch];
            int k = next[ch]++;
            if (k >= c.timestampsNanos.length) {
                throw in.error("the order names channel " + c.channel + " more often than its "
                        + c.timestampsNanos.length + " samples");
            }
            out.add(new Sample(c.channel, c.timestampsNanos[k], c.value(k)));
        }
        if (!in.atEnd()) {
            throw in.error("trailing bytes after " + d.total + " entries");
        }
        return out;
    }

    /** Each channel's samples, channels in order of first appearance. */
    public Map<String, List<Sample>> readChannels(byte[] segment) throws SegmentFormatException {
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        for (Column c : decode(segment).columns) {
            out.put(c.channel, c.samples());
        }
        return out;
    }

    /**
     * Each channel as primitive columns, channels in order of first appearance, without a {@link Sample} or a boxed
     * value per sample (the cheap way to read numeric signals; the interleaving across channels is not returned).
     * Validation is the same as {@link #read}'s.
     */
    public List<Column> readColumns(byte[] segment) throws SegmentFormatException {
        return decode(segment).columns;
    }

    /**
     * One channel's columns: the timestamps and either {@code doubles} (every value a {@link Double}: DBC signals,
     * decimal and other numeric columns) or {@code values} (strings, mixed or structured values); the other is null.
     * The arrays are the reader's own: channels that share timestamps in the segment (the signals of one CAN message)
     * share one {@code timestampsNanos} array, so treat them as read-only.
     */
    public record Column(String channel, long[] timestampsNanos, double[] doubles, Object[] values) {

        public int size() {
            return timestampsNanos.length;
        }

        /** Value {@code i} as {@link #read} returns it (a boxed {@link Double} for numeric columns). */
        public Object value(int i) {
            return doubles != null ? (Object) doubles[i] : values[i];
        }

        /** The channel's samples, in the order written. */
        public List<Sample> samples() {
            List<Sample> list = new ArrayList<>(timestampsNanos.length);
            for (int i = 0; i < timestampsNanos.length; i++) {
                list.add(new Sample(channel, timestampsNanos[i], value(i)));
            }
            return list;
        }
    }

    private record Decoded(List<Column> columns, ByteIn order, int total) {
    }

    private Decoded decode(byte[] segment) throws SegmentFormatException {
        Container.Parsed p = Container.read(SegmentWriter.MAGIC, segment, dictionary);
        boolean ordered = (p.flags() & SegmentWriter.FLAG_ORDER) != 0;
        int first = ordered ? 2 : 1;
        if (p.entries().size() < first || !p.entries().get(0).name().equals(SegmentWriter.TABLE)
                || (ordered && !p.entries().get(1).name().equals(SegmentWriter.ORDER))) {
            throw new SegmentFormatException(4, "segment header: missing channel table or order block");
        }
        byte[] tableBytes = p.blocks().get(0);
        ByteIn table = new ByteIn(tableBytes, 0, tableBytes.length, 0, "block 'channels' (decompressed)");
        int modalities = p.entries().size() - first;
        int[] cursor = new int[modalities];
        int channels = table.count("channel count", tableBytes.length);
        List<Column> columns = new ArrayList<>(channels);
        long[][] raws = new long[channels][];
        List<Derived.Pending> pending = new ArrayList<>();
        long total = 0;
        for (int c = 0; c < channels; c++) {
            String name = table.string("channel name");
            int m = table.count("modality of " + name, modalities - 1L);
            byte[] body = p.blocks().get(first + m);
            String area = "block '" + p.entries().get(first + m).name() + "' (decompressed), channel " + name;
            // version 3: the timestamps may be those of an earlier channel (back reference, 0 = own column)
            int ref = p.version() >= Container.VERSION_3 ? table.count("timestamp reference of " + name, c) : 0;
            long[] ts;
            int n;
            if (ref > 0) {
                long[] shared = columns.get(c - ref).timestampsNanos();
                n = table.count("sample count of " + name, shared.length);
                if (n != shared.length) {
                    throw table.error("channel " + name + " has " + n + " samples, the channel whose timestamps it "
                            + "shares " + shared.length);
                }
                ts = shared;
            } else {
                n = table.count("sample count of " + name, body.length);
                int tsBytes = table.count("timestamp bytes of " + name, body.length - cursor[m]);
                ByteIn tsIn = new ByteIn(body, cursor[m], cursor[m] + tsBytes, cursor[m], area + " timestamps");
                ts = Columns.timestamps(tsIn, n);
                if (!tsIn.atEnd()) {
                    throw tsIn.error("timestamp column longer than its " + n + " values");
                }
                cursor[m] += tsBytes;
            }
            int kind = table.u8("kind of " + name);
            double[] doubles = null;
            Object[] values = null;
            long paramsAt = table.offset();
            ByteIn params = table;
            // parameters are in the table, the column in the body; its length follows the parameters
            switch (kind) {
                case Columns.QUANT -> {
                    double factor = Double.longBitsToDouble(params.u64("factor"));
                    double offset = Double.longBitsToDouble(params.u64("offset"));
                    ByteIn v = column(table, body, cursor, m, area, name);
                    long[] raw = Columns.deltas(v, n);
                    raws[c] = raw;
                    doubles = new double[n];
                    for (int i = 0; i < n; i++) {
                        doubles[i] = (double) raw[i] * factor + offset;
                    }
                    end(v, n);
                }
                case Columns.DECIMAL -> {
                    int k = params.u8("decimal scale");
                    if (k >= Columns.POW10.length) {
                        throw new SegmentFormatException(paramsAt, "channel " + name + ": decimal scale " + k);
                    }
                    double p10 = Columns.POW10[k];
                    ByteIn v = column(table, body, cursor, m, area, name);
                    long[] raw = Columns.deltas(v, n);
                    doubles = new double[n];
                    for (int i = 0; i < n; i++) {
                        doubles[i] = raw[i] / p10;
                    }
                    end(v, n);
                }
                case Columns.QUANT_PREDICTED -> {
                    double factor = Double.longBitsToDouble(params.u64("factor"));
                    double offset = Double.longBitsToDouble(params.u64("offset"));
                    int predictor = params.u8("predictor of " + name), coding = params.u8("coding of " + name);
                    ByteIn v = column(table, body, cursor, m, area, name);
                    long[] raw = Residuals.read(v, n, predictor, coding);
                    raws[c] = raw;
                    doubles = new double[n];
                    for (int i = 0; i < n; i++) {
                        doubles[i] = (double) raw[i] * factor + offset;
                    }
                    end(v, n);
                }
                case Columns.DECIMAL_PREDICTED -> {
                    int k = params.u8("decimal scale");
                    if (k >= Columns.POW10.length) {
                        throw new SegmentFormatException(paramsAt, "channel " + name + ": decimal scale " + k);
                    }
                    double p10 = Columns.POW10[k];
                    int predictor = params.u8("predictor of " + name), coding = params.u8("coding of " + name);
                    ByteIn v = column(table, body, cursor, m, area, name);
                    long[] raw = Residuals.read(v, n, predictor, coding);
                    doubles = new double[n];
                    for (int i = 0; i < n; i++) {
                        doubles[i] = raw[i] / p10;
                    }
                    end(v, n);
                }
                case Columns.DERIVED -> {
                    if (p.version() < Container.VERSION_2) {
                        throw new SegmentFormatException(paramsAt - 1, "block 'channels' (decompressed): channel "
                                + name + " is derived, which needs segment version 2");
                    }
                    double factor = Double.longBitsToDouble(params.u64("factor"));
                    double offset = Double.longBitsToDouble(params.u64("offset"));
                    Derived.Plan plan = Derived.readPlan(c, params, channels);
                    ByteIn v = column(table, body, cursor, m, area, name);
                    doubles = new double[n];
                    pending.add(Derived.read(c, n, factor, offset, plan, v, doubles));
                    end(v, n);
                }
                case Columns.XOR -> {
                    ByteIn v = column(table, body, cursor, m, area, name);
                    doubles = Columns.xor(v, n);
                    end(v, n);
                }
                case Columns.STRING -> {
                    int size = params.count("dictionary size of " + name, tableBytes.length);
                    String[] dict = new String[size];
                    for (int i = 0; i < size; i++) {
                        dict[i] = params.string("dictionary entry of " + name);
                    }
                    ByteIn v = column(table, body, cursor, m, area, name);
                    values = new Object[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = dict[v.count("dictionary index", size - 1L)];
                    }
                    end(v, n);
                }
                case Columns.GENERIC -> {
                    ByteIn v = column(table, body, cursor, m, area, name);
                    List<String> strings = Columns.newStrings();
                    values = new Object[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = Columns.generic(v, strings);
                    }
                    end(v, n);
                }
                default -> throw new SegmentFormatException(paramsAt - 1, "block 'channels' (decompressed): channel "
                        + name + " has unknown kind " + kind);
            }
            total += n;
            columns.add(new Column(name, ts, doubles, values));
        }
        if (!table.atEnd()) {
            throw table.error("trailing bytes in the channel table");
        }
        resolve(pending, raws, columns);
        for (int m = 0; m < modalities; m++) {
            if (cursor[m] != p.blocks().get(first + m).length) {
                throw new SegmentFormatException(cursor[m], "block '" + p.entries().get(first + m).name()
                        + "' (decompressed): " + (p.blocks().get(first + m).length - cursor[m]) + " bytes not used by any channel");
            }
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new SegmentFormatException(0, "segment has too many samples: " + total);
        }
        ByteIn order = null;
        if (ordered) {
            byte[] o = p.blocks().get(1);
            order = new ByteIn(o, 0, o.length, 0, "block 'order' (decompressed)");
            if (p.entries().get(1).samples() != total) {
                throw new SegmentFormatException(0, "block 'order': " + p.entries().get(1).samples()
                        + " entries for " + total + " samples");
            }
        }
        return new Decoded(columns, order, (int) total);
    }

    /** Computes the derived channels once the channels they depend on are known (counters first, then checksums). */
    private static void resolve(List<Derived.Pending> pending, long[][] raws, List<Column> columns)
            throws SegmentFormatException {
        List<Derived.Pending> left = new ArrayList<>(pending);
        while (!left.isEmpty()) {
            boolean progress = false;
            for (java.util.Iterator<Derived.Pending> it = left.iterator(); it.hasNext(); ) {
                Derived.Pending d = it.next();
                List<Derived.Field> fields = d.plan().fields();
                long[][] inputs = new long[fields.size()][];
                boolean ready = true;
                for (int f = 0; f < fields.size(); f++) {
                    int ch = fields.get(f).channel();
                    inputs[f] = raws[ch];
                    if (inputs[f] == null) {
                        if (!pending.stream().anyMatch(x -> x.channel() == ch)) {
                            throw new SegmentFormatException(0, "block 'channels' (decompressed): derived channel "
                                    + columns.get(d.channel()).channel() + " depends on " + columns.get(ch).channel()
                                    + ", which has no DBC raw values");
                        }
                        ready = false;
                    } else if (inputs[f].length != d.n()) {
                        throw new SegmentFormatException(0, "block 'channels' (decompressed): derived channel "
                                + columns.get(d.channel()).channel() + " has " + d.n() + " samples, its input "
                                + columns.get(ch).channel() + " " + inputs[f].length);
                    }
                }
                if (!ready) {
                    continue;
                }
                long[] raw = Derived.resolve(d, inputs);
                raws[d.channel()] = raw;
                double[] values = d.values();
                for (int i = 0; i < raw.length; i++) {
                    values[i] = (double) raw[i] * d.factor() + d.offset();
                }
                it.remove();
                progress = true;
            }
            if (!progress) {
                throw new SegmentFormatException(0, "block 'channels' (decompressed): derived channels depend on "
                        + "each other in a cycle");
            }
        }
    }

    private static ByteIn column(ByteIn table, byte[] body, int[] cursor, int m, String area, String name)
            throws SegmentFormatException {
        int len = table.count("value bytes of " + name, body.length - cursor[m]);
        ByteIn v = new ByteIn(body, cursor[m], cursor[m] + len, cursor[m], area + " values");
        cursor[m] += len;
        return v;
    }

    private static void end(ByteIn v, int n) throws SegmentFormatException {
        if (!v.atEnd()) {
            throw v.error("value column longer than its " + n + " values");
        }
    }
}
