package io.fleetloop.formats.segment;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The envelope shared by sample segments and CAN-frame segments:
 * <pre>
 * magic (4 bytes) | version u8 | flags u8 | dictionary id u32 (0 = none) | zstd level u8
 * block count varint | per block: name, sample count, encoded length, compressed length (varints)
 * the blocks, each one zstd frame | CRC-32 of everything before (u32)
 * </pre>
 */
final class Container {

    /**
     * Version 1: the first encodings; version 2 adds derived channels (kind 7) and range-coded residuals; version 3
     * rANS-coded residuals.
     */
    static final int VERSION = 1, VERSION_2 = 2, VERSION_3 = 3;
    static final int MAX_BLOCK = 1 << 30;

    record Block(String name, long samples, byte[] encoded) {
    }

    record Entry(String name, long samples, int encodedBytes, int compressedBytes) {
    }

    record Parsed(int version, int flags, long dictionaryId, int level, List<Entry> entries, List<byte[]> blocks) {
    }

    private Container() {
    }

    static byte[] write(byte[] magic, int flags, int level, SegmentDictionary dictionary, List<Block> blocks) {
        return write(magic, VERSION, flags, level, dictionary, blocks);
    }

    static byte[] write(byte[] magic, int version, int flags, int level, SegmentDictionary dictionary,
                        List<Block> blocks) {
        List<byte[]> compressed = new ArrayList<>();
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level);
            if (dictionary != null) {
                ctx.loadDict(dictionary.compressor(level));
            }
            for (Block b : blocks) {
                compressed.add(ctx.compress(b.encoded()));
            }
        }
        int total = compressed.stream().mapToInt(c -> c.length).sum();
        ByteOut out = new ByteOut(total + 64 + blocks.size() * 24);
        out.bytes(magic);
        out.u8(version);
        out.u8(flags);
        out.u32(dictionary == null ? 0 : (int) dictionary.id());
        out.u8(level);
        out.varint(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            out.string(b.name());
            out.varint(b.samples());
            out.varint(b.encoded().length);
            out.varint(compressed.get(i).length);
        }
        compressed.forEach(out::bytes);
        CRC32 crc = new CRC32();
        byte[] body = out.toByteArray();
        crc.update(body);
        out.u32((int) crc.getValue());
        return out.toByteArray();
    }

    /** Header and entries only, no decompression, no checksum. */
    static Parsed header(byte[] magic, byte[] segment) throws SegmentFormatException {
        return parse(magic, segment, null, false);
    }

    static Parsed read(byte[] magic, byte[] segment, SegmentDictionary dictionary) throws SegmentFormatException {
        return parse(magic, segment, dictionary, true);
    }

    private static Parsed parse(byte[] magic, byte[] segment, SegmentDictionary dictionary, boolean decompress)
            throws SegmentFormatException {
        ByteIn in = new ByteIn(segment, 0, segment.length, 0, "segment header");
        byte[] m = in.bytes(magic.length, "magic");
        if (!java.util.Arrays.equals(m, magic)) {
            throw new SegmentFormatException(0, "segment header: wrong magic, expected "
                    + new String(magic, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        int version = in.u8("version");
        if (version != VERSION && version != VERSION_2 && version != VERSION_3) {
            throw new SegmentFormatException(in.offset() - 1, "segment header: unsupported version " + version);
        }
        int flags = in.u8("flags");
        long dictId = in.u32("dictionary id") & 0xFFFFFFFFL;
        int level = in.u8("level");
        int count = in.count("block count", 1024);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(in.string("block name"), in.varint("sample count"),
                    in.count("encoded length", MAX_BLOCK), in.count("compressed length", MAX_BLOCK)));
        }
        List<byte[]> blocks = new ArrayList<>();
        if (!decompress) {
            return new Parsed(version, flags, dictId, level, entries, blocks);
        }
        long payload = entries.stream().mapToLong(Entry::compressedBytes).sum();
        long expected = in.offset() + payload + 4;
        if (segment.length < expected) {
            throw new SegmentFormatException(segment.length, "segment truncated: the header announces "
                    + expected + " bytes, the segment has " + segment.length);
        }
        if (segment.length > expected) {
            throw new SegmentFormatException(expected, "segment has " + (segment.length - expected)
                    + " unexpected trailing bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(segment, 0, segment.length - 4);
        int stored = new ByteIn(segment, segment.length - 4, segment.length, segment.length - 4, "checksum")
                .u32("crc");
        if (stored != (int) crc.getValue()) {
            throw new SegmentFormatException(segment.length - 4, "segment corrupt: CRC-32 mismatch over bytes 0.."
                    + (segment.length - 4));
        }
        if (dictId != 0 && (dictionary == null || dictionary.id() != dictId)) {
            throw new SegmentFormatException(6, "segment was written with zstd dictionary " + dictId
                    + (dictionary == null ? " but none was given" : " but dictionary " + dictionary.id() + " was given"));
        }
        int pos = (int) in.offset();
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            if (dictId != 0) {
                ctx.loadDict(dictionary.decompressor());
            }
            for (Entry e : entries) {
                byte[] frame = java.util.Arrays.copyOfRange(segment, pos, pos + e.compressedBytes());
                try {
                    byte[] plain = ctx.decompress(frame, e.encodedBytes());
                    if (plain.length != e.encodedBytes()) {
                        throw new SegmentFormatException(pos, "block " + e.name() + ": decompressed to "
                                + plain.length + " bytes, expected " + e.encodedBytes());
                    }
                    blocks.add(plain);
                } catch (ZstdException ex) {
                    throw new SegmentFormatException(pos, "block " + e.name() + ": zstd: " + ex.getMessage());
                }
                pos += e.compressedBytes();
            }
        }
        return new Parsed(version, flags, dictId, level, entries, blocks);
    }
}
