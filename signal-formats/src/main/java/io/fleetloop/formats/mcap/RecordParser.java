package io.fleetloop.formats.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the little-endian fields of one record's content. A field that runs past the content throws
 * {@link Corrupt} carrying the absolute file offset, so the reader can report where the record broke.
 */
final class RecordParser {

    /** A record whose fields do not fit its declared length. */
    static final class Corrupt extends RuntimeException {
        final long offset;

        Corrupt(long offset, String reason) {
            super(reason);
            this.offset = offset;
        }
    }

    private final ByteBuffer buf;
    private final long baseOffset;

    RecordParser(byte[] content, int from, int length, long baseOffset) {
        this.buf = ByteBuffer.wrap(content, from, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        this.baseOffset = baseOffset;
    }

    RecordParser(byte[] content, long baseOffset) {
        this(content, 0, content.length, baseOffset);
    }

    private void need(long n, String field) {
        if (n < 0 || buf.remaining() < n) {
            throw new Corrupt(baseOffset + buf.position(),
                    field + " needs " + n + " bytes, record has " + buf.remaining() + " left");
        }
    }

    int position() {
        return buf.position();
    }

    int remaining() {
        return buf.remaining();
    }

    int u8(String field) {
        need(1, field);
        return buf.get() & 0xFF;
    }

    int u16(String field) {
        need(2, field);
        return buf.getShort() & 0xFFFF;
    }

    long u32(String field) {
        need(4, field);
        return buf.getInt() & 0xFFFFFFFFL;
    }

    long u64(String field) {
        need(8, field);
        return buf.getLong();
    }

    String string(String field) {
        return new String(bytes(u32(field), field), StandardCharsets.UTF_8);
    }

    byte[] bytes(long n, String field) {
        need(n, field);
        byte[] out = new byte[(int) n];
        buf.get(out);
        return out;
    }

    byte[] rest() {
        return bytes(buf.remaining(), "data");
    }

    Map<String, String> stringMap(String field) {
        long len = u32(field);
        need(len, field);
        int end = buf.position() + (int) len;
        Map<String, String> out = new LinkedHashMap<>();
        while (buf.position() < end) {
            out.put(string(field + " key"), string(field + " value"));
        }
        return out;
    }

    Map<Integer, Long> u16u64Map(String field) {
        long len = u32(field);
        need(len, field);
        if (len % 10 != 0) {
            throw new Corrupt(baseOffset + buf.position(), field + " length " + len + " is not a multiple of 10");
        }
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (long i = 0; i < len / 10; i++) {
            out.put(u16(field), u64(field));
        }
        return out;
    }
}
