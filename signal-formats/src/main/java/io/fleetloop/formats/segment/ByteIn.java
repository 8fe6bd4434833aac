package io.fleetloop.formats.segment;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteOut} wrote; every read checks the bounds and fails with a {@link SegmentFormatException}
 * naming the absolute byte offset ({@code base} + position) in the segment and what was being read.
 */
final class ByteIn {

    private final byte[] buf;
    private final int end;
    private final long base;
    private final String area;
    private int pos;

    ByteIn(byte[] buf, int from, int to, long base, String area) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.base = base - from;
        this.area = area;
    }

    long offset() {
        return base + pos;
    }

    int position() {
        return pos;
    }

    /** The underlying array (for coders that read a range already checked with {@link #skip}). */
    byte[] array() {
        return buf;
    }

    int remaining() {
        return end - pos;
    }

    boolean atEnd() {
        return pos >= end;
    }

    SegmentFormatException error(String reason) {
        return new SegmentFormatException(offset(), area + ": " + reason);
    }

    private void need(int n, String what) throws SegmentFormatException {
        if (n < 0 || end - pos < n) {
            throw error("truncated: " + what + " needs " + n + " bytes, " + Math.max(0, end - pos) + " left");
        }
    }

    int u8(String what) throws SegmentFormatException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    int u32(String what) throws SegmentFormatException {
        need(4, what);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long u64(String what) throws SegmentFormatException {
        long hi = u32(what) & 0xFFFFFFFFL;
        return (hi << 32) | (u32(what) & 0xFFFFFFFFL);
    }

    long varint(String what) throws SegmentFormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1, what);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw error("malformed varint in " + what);
    }

    long zigzag(String what) throws SegmentFormatException {
        long v = varint(what);
        return (v >>> 1) ^ -(v & 1);
    }

    /** A non-negative count bounded by {@code max}, so a corrupt length cannot make the reader allocate gigabytes. */
    int count(String what, long max) throws SegmentFormatException {
        long start = offset();
        long v = varint(what);
        if (v < 0 || v > max) {
            throw new SegmentFormatException(start, area + ": " + what + " " + v + " out of range (max " + max + ")");
        }
        return (int) v;
    }

    byte[] bytes(int n, String what) throws SegmentFormatException {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    void skip(int n, String what) throws SegmentFormatException {
        need(n, what);
        pos += n;
    }

    String string(String what) throws SegmentFormatException {
        int n = count(what + " length", end - pos);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }
}
