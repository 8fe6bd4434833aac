package io.fleetloop.formats.segment;

import io.fleetloop.formats.candump.CanFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw CAN-frame column mode, for frames no DBC decodes: frames are grouped by (interface, id, extended); per
 * group the timestamps (delta-of-delta), a flags byte (remote, FD, FD flags) and the data length (or requested
 * length of a remote frame), and the payload bytes XOR-ed with the previous payload of the same id (unchanged bytes
 * become zeros). An order column keeps the exact frame order, so {@link #read} returns the frames as written.
 * Block {@code frames} holds the columns, block {@code ids} the group table.
 */
public final class CanFrameSegment {

    static final byte[] MAGIC = "FLCF".getBytes(StandardCharsets.ISO_8859_1);

    private CanFrameSegment() {
    }

    private record Key(String iface, int id, boolean extended) {
    }

    private static final class Group {
        final Key key;
        final int index;
        final ByteOut ts = new ByteOut();
        final ByteOut meta = new ByteOut();
        final ByteOut payload = new ByteOut();
        long prevTs, prevDelta;
        int[] check; // a checksum byte: {function, constant, byte index} (see Derived.frameChecksum), or null
        byte[] prevData = new byte[0];
        int n;

        Group(Key key, int index) {
            this.key = key;
            this.index = index;
        }
    }

    public static byte[] write(List<CanFrame> frames, int level, SegmentDictionary dictionary) {
        Map<Key, Group> groups = new LinkedHashMap<>();
        ByteOut order = new ByteOut(frames.size() + 16);
        Map<Key, List<byte[]>> payloads = new java.util.HashMap<>();
        for (CanFrame f : frames) {
            if (!f.remote()) {
                payloads.computeIfAbsent(new Key(f.iface(), f.id(), f.extended()), k -> new ArrayList<>())
                        .add(f.data() == null ? new byte[0] : f.data());
            }
        }
        for (CanFrame f : frames) {
            Key key = new Key(f.iface(), f.id(), f.extended());
            Group g = groups.computeIfAbsent(key, k -> {
                Group created = new Group(k, groups.size());
                created.check = Derived.frameChecksum(payloads.getOrDefault(k, List.of()));
                return created;
            });
            order.varint(g.index);
            long delta = f.timestampNanos() - g.prevTs;
            g.ts.zigzag(delta - g.prevDelta);
            g.prevTs = f.timestampNanos();
            g.prevDelta = delta;
            if (f.fdFlags() < 0 || f.fdFlags() > 15) {
                throw new IllegalArgumentException("FD flags must be a nibble, was " + f.fdFlags());
            }
            g.meta.u8((f.remote() ? 1 : 0) | (f.fd() ? 2 : 0) | (f.fdFlags() << 4));
            byte[] data = f.data() == null ? new byte[0] : f.data();
            g.meta.varint(f.remote() ? f.remoteLength() : data.length);
            if (!f.remote()) {
                int checked = g.check != null && g.check[2] < data.length ? g.check[2] : -1;
                for (int i = 0; i < data.length; i++) {
                    int reference = i == checked ? Derived.frameExpected(g.check, data)
                            : i < g.prevData.length ? g.prevData[i] : 0;
                    g.payload.u8(data[i] ^ reference);
                }
                g.prevData = data;
            }
            g.n++;
        }
        ByteOut table = new ByteOut();
        ByteOut body = new ByteOut(frames.size() * 4 + 16);
        table.varint(groups.size());
        for (Group g : groups.values()) {
            table.string(g.key.iface() == null ? "" : g.key.iface());
            table.varint(g.key.id() & 0xFFFFFFFFL);
            table.u8((g.key.extended() ? 1 : 0) | (g.key.iface() == null ? 2 : 0) | (g.check != null ? 4 : 0));
            if (g.check != null) {
                table.u8(g.check[0]);
                table.u8(g.check[1]);
                table.u8(g.check[2]);
            }
            table.varint(g.n);
            table.varint(g.ts.size());
            table.varint(g.meta.size());
            table.varint(g.payload.size());
            body.bytes(g.ts.toByteArray());
            body.bytes(g.meta.toByteArray());
            body.bytes(g.payload.toByteArray());
        }
        return Container.write(MAGIC, Container.VERSION_2, 0, level, dictionary, List.of(
                new Container.Block("ids", groups.size(), table.toByteArray()),
                new Container.Block("order", frames.size(), order.toByteArray()),
                new Container.Block("frames", frames.size(), body.toByteArray())));
    }

    public static SegmentInfo info(byte[] segment) throws SegmentFormatException {
        return SegmentInfo.of(Container.header(MAGIC, segment), segment.length);
    }

    public static List<CanFrame> read(byte[] segment, SegmentDictionary dictionary) throws SegmentFormatException {
        Container.Parsed p = Container.read(MAGIC, segment, dictionary);
        if (p.blocks().size() != 3) {
            throw new SegmentFormatException(4, "CAN-frame segment: expected 3 blocks, found " + p.blocks().size());
        }
        byte[] t = p.blocks().get(0), o = p.blocks().get(1), b = p.blocks().get(2);
        ByteIn table = new ByteIn(t, 0, t.length, 0, "block 'ids' (decompressed)");
        int count = table.count("id count", t.length);
        List<List<CanFrame>> perGroup = new ArrayList<>();
        int cursor = 0;
        for (int gi = 0; gi < count; gi++) {
            String iface = table.string("interface");
            int id = (int) table.varint("id");
            int keyFlags = table.u8("extended");
            boolean extended = (keyFlags & 1) != 0;
            boolean noIface = (keyFlags & 2) != 0;
            int[] check = null;
            if ((keyFlags & 4) != 0) {
                if (p.version() < Container.VERSION_2) {
                    throw table.error("a checksum byte needs segment version 2");
                }
                check = new int[] {table.u8("checksum function"), table.u8("checksum constant"),
                        table.u8("checksum byte")};
                if (check[0] < Derived.XOR || check[0] >= Derived.FUNCTIONS || check[2] >= 64) {
                    throw table.error("unknown checksum function " + check[0] + " at byte " + check[2]);
                }
            }
            int n = table.count("frame count", o.length);
            int tsLen = table.count("timestamp bytes", b.length - cursor);
            ByteIn ts = new ByteIn(b, cursor, cursor + tsLen, cursor, "block 'frames' (decompressed), id " + id + " timestamps");
            cursor += tsLen;
            int metaLen = table.count("length bytes", b.length - cursor);
            ByteIn meta = new ByteIn(b, cursor, cursor + metaLen, cursor, "block 'frames' (decompressed), id " + id + " lengths");
            cursor += metaLen;
            int payLen = table.count("payload bytes", b.length - cursor);
            ByteIn pay = new ByteIn(b, cursor, cursor + payLen, cursor, "block 'frames' (decompressed), id " + id + " payloads");
            cursor += payLen;
            long[] stamps = Columns.timestamps(ts, n);
            List<CanFrame> list = new ArrayList<>(n);
            byte[] prev = new byte[0];
            for (int i = 0; i < n; i++) {
                int flags = meta.u8("flags");
                int len = meta.count("length", 64);
                boolean remote = (flags & 1) != 0;
                byte[] data = new byte[remote ? 0 : len];
                int checked = check != null && check[2] < data.length ? check[2] : -1;
                for (int k = 0; k < data.length; k++) {
                    data[k] = (byte) (pay.u8("payload") ^ (k != checked && k < prev.length ? prev[k] : 0));
                }
                if (checked >= 0) {
                    data[checked] ^= (byte) Derived.frameExpected(check, data);
                }
                if (!remote) {
                    prev = data;
                }
                list.add(new CanFrame(stamps[i], noIface ? null : iface, id, extended, remote,
                        remote ? len : 0, (flags & 2) != 0, flags >>> 4, data));
            }
            if (!ts.atEnd() || !meta.atEnd() || !pay.atEnd()) {
                throw pay.error("columns of id " + id + " longer than its " + n + " frames");
            }
            perGroup.add(list);
        }
        if (cursor != b.length) {
            throw new SegmentFormatException(cursor, "block 'frames' (decompressed): trailing bytes");
        }
        ByteIn order = new ByteIn(o, 0, o.length, 0, "block 'order' (decompressed)");
        int[] next = new int[count];
        List<CanFrame> out = new ArrayList<>((int) p.entries().get(1).samples());
        while (!order.atEnd()) {
            int g = order.count("id index", count - 1L);
            if (next[g] >= perGroup.get(g).size()) {
                throw order.error("order names id group " + g + " more often than its frames");
            }
            out.add(perGroup.get(g).get(next[g]++));
        }
        return out;
    }
}
