package io.fleetloop.formats.mcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds little-endian record content in memory (one record or one chunk's records at a time). */
final class RecordBuffer extends ByteArrayOutputStream {

    RecordBuffer u8(int v) {
        write(v);
        return this;
    }

    RecordBuffer u16(int v) {
        write(v);
        write(v >>> 8);
        return this;
    }

    RecordBuffer u32(long v) {
        for (int i = 0; i < 4; i++) {
            write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RecordBuffer u64(long v) {
        for (int i = 0; i < 8; i++) {
            write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RecordBuffer bytes(byte[] b) {
        write(b, 0, b.length);
        return this;
    }

    RecordBuffer string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u32(b.length).bytes(b);
    }

    RecordBuffer stringMap(Map<String, String> map) {
        RecordBuffer entries = new RecordBuffer();
        map.forEach((k, v) -> entries.string(k).string(v));
        return u32(entries.size()).bytes(entries.toByteArray());
    }

    RecordBuffer u16u64Map(Map<Integer, Long> map) {
        u32(map.size() * 10L);
        map.forEach((k, v) -> u16(k).u64(v));
        return this;
    }

    /** Appends {@code <opcode><uint64 length><content>}. */
    RecordBuffer record(int opcode, RecordBuffer content) {
        u8(opcode).u64(content.size());
        content.writeTo(this);
        return this;
    }

    /** Unchecked: the writer only writes buffers into buffers or its own stream, which it wraps. */
    @Override
    public void writeTo(OutputStream out) {
        try {
            super.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
