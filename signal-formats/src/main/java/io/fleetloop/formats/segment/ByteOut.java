package io.fleetloop.formats.segment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with LEB128 varints and zigzag encoding. */
final class ByteOut {

    private byte[] buf;
    private int size;

    ByteOut(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    ByteOut() {
        this(256);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    void u32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    void u64(long v) {
        u32((int) (v >>> 32));
        u32((int) v);
    }

    void varint(long v) {
        if ((v & ~0x7FL) == 0 && size < buf.length) {
            buf[size++] = (byte) v;
            return;
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void zigzag(long v) {
        varint((v << 1) ^ (v >> 63));
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        bytes(b);
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
