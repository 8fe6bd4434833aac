package io.fleetloop.command.diagnosis;

import java.util.HexFormat;

/**
 * SHA-256 (FIPS 180-4) whose state can be saved at a 64-byte boundary and restored, so a resumed upload goes on hashing
 * where the interrupted one stopped without reading back the bytes already stored (parts of an unfinished S3 multipart
 * upload cannot be read). The JDK's digest cannot export its state; this one is checked against it in tests.
 * <p>
 * Written for speed, since every uploaded byte goes through it on the request thread: the chaining state lives in
 * locals across all the blocks of one {@link #update} call, blocks are read straight from the caller's array, the
 * 16-word message schedule is sixteen locals updated in place (no per-block array, no allocation), and the rounds are
 * unrolled sixteen at a time with the working variables renamed instead of moved. Sixteen, not sixty-four: the fully
 * unrolled method would pass the JIT's 8,000-byte limit for compiling a method at all.
 */
final class ResumableSha256 {

    private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    private int h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
    private int h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    /** The bytes of a block not yet complete (only between two updates that do not end at a 64-byte boundary). */
    private final byte[] block = new byte[64];
    private int blockLength;
    private long length;

    /** A fresh digest. */
    ResumableSha256() {
    }

    /** The state {@link #state()} saved (taken at a 64-byte boundary). */
    static ResumableSha256 restore(String state) {
        int colon = state.indexOf(':');
        byte[] words = HexFormat.of().parseHex(state, colon + 1, state.length());
        if (colon < 1 || words.length != 32) throw new IllegalArgumentException("not a saved sha256 state");
        ResumableSha256 sha = new ResumableSha256();
        sha.length = Long.parseLong(state, 0, colon, 10);
        if (sha.length < 0 || sha.length % 64 != 0) throw new IllegalArgumentException("not a saved sha256 state");
        sha.h0 = word(words, 0);
        sha.h1 = word(words, 4);
        sha.h2 = word(words, 8);
        sha.h3 = word(words, 12);
        sha.h4 = word(words, 16);
        sha.h5 = word(words, 20);
        sha.h6 = word(words, 24);
        sha.h7 = word(words, 28);
        return sha;
    }

    long length() {
        return length;
    }

    /** {@code <bytes>:<h0..h7 hex>}; only at a 64-byte boundary (no buffered partial block). */
    String state() {
        if (blockLength != 0) throw new IllegalStateException("the state is only saved at a 64-byte boundary");
        return length + ":" + HexFormat.of().formatHex(chainingValue());
    }

    void update(byte[] data, int offset, int count) {
        java.util.Objects.checkFromIndexSize(offset, count, data.length);
        length += count;
        int i = offset;
        int end = offset + count;
        if (blockLength > 0) {
            int take = Math.min(64 - blockLength, count);
            System.arraycopy(data, i, block, blockLength, take);
            blockLength += take;
            i += take;
            if (blockLength < 64) return;
            compress(block, 0, 1);
            blockLength = 0;
        }
        int blocks = (end - i) >>> 6;
        if (blocks > 0) {
            compress(data, i, blocks);
            i += blocks << 6;
        }
        if (i < end) {
            System.arraycopy(data, i, block, 0, end - i);
            blockLength = end - i;
        }
    }

    /** The hex digest; the digest is finished afterwards. */
    String hex() {
        long bits = length * 8;
        byte[] pad = new byte[(blockLength < 56 ? 56 : 120) - blockLength + 8];
        pad[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) pad[pad.length - 1 - i] = (byte) (bits >>> (8 * i));
        long saved = length;
        update(pad, 0, pad.length);
        length = saved;
        return HexFormat.of().formatHex(chainingValue());
    }

    private byte[] chainingValue() {
        byte[] out = new byte[32];
        int[] h = {h0, h1, h2, h3, h4, h5, h6, h7};
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (h[i] >>> 24);
            out[4 * i + 1] = (byte) (h[i] >>> 16);
            out[4 * i + 2] = (byte) (h[i] >>> 8);
            out[4 * i + 3] = (byte) h[i];
        }
        return out;
    }

    /** {@code blocks} 64-byte blocks from {@code data[offset]} on. */
    private void compress(byte[] data, int offset, int blocks) {
        final int[] k = K;
        int va = h0, vb = h1, vc = h2, vd = h3, ve = h4, vf = h5, vg = h6, vh = h7;
        for (int n = 0; n < blocks; n++, offset += 64) {
            int w0 = word(data, offset + 0);
            int w1 = word(data, offset + 4);
            int w2 = word(data, offset + 8);
            int w3 = word(data, offset + 12);
            int w4 = word(data, offset + 16);
            int w5 = word(data, offset + 20);
            int w6 = word(data, offset + 24);
            int w7 = word(data, offset + 28);
            int w8 = word(data, offset + 32);
            int w9 = word(data, offset + 36);
            int w10 = word(data, offset + 40);
            int w11 = word(data, offset + 44);
            int w12 = word(data, offset + 48);
            int w13 = word(data, offset + 52);
            int w14 = word(data, offset + 56);
            int w15 = word(data, offset + 60);
            int a = va, b = vb, c = vc, d = vd, e = ve, f = vf, g = vg, h = vh;
            int t;
            for (int r = 0; r < 64; r += 16) {
                if (r > 0) { // the next sixteen words of the schedule, in place: W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]
                    w0 += s1(w14) + w9 + s0(w1);
                    w1 += s1(w15) + w10 + s0(w2);
                    w2 += s1(w0) + w11 + s0(w3);
                    w3 += s1(w1) + w12 + s0(w4);
                    w4 += s1(w2) + w13 + s0(w5);
                    w5 += s1(w3) + w14 + s0(w6);
                    w6 += s1(w4) + w15 + s0(w7);
                    w7 += s1(w5) + w0 + s0(w8);
                    w8 += s1(w6) + w1 + s0(w9);
                    w9 += s1(w7) + w2 + s0(w10);
                    w10 += s1(w8) + w3 + s0(w11);
                    w11 += s1(w9) + w4 + s0(w12);
                    w12 += s1(w10) + w5 + s0(w13);
                    w13 += s1(w11) + w6 + s0(w14);
                    w14 += s1(w12) + w7 + s0(w15);
                    w15 += s1(w13) + w8 + s0(w0);
                }
                t = h + S1(e) + (g ^ (e & (f ^ g))) + k[r + 0] + w0;
                d += t;
                h = t + S0(a) + ((a & b) | (c & (a | b)));
                t = g + S1(d) + (f ^ (d & (e ^ f))) + k[r + 1] + w1;
                c += t;
                g = t + S0(h) + ((h & a) | (b & (h | a)));
                t = f + S1(c) + (e ^ (c & (d ^ e))) + k[r + 2] + w2;
                b += t;
                f = t + S0(g) + ((g & h) | (a & (g | h)));
                t = e + S1(b) + (d ^ (b & (c ^ d))) + k[r + 3] + w3;
                a += t;
                e = t + S0(f) + ((f & g) | (h & (f | g)));
                t = d + S1(a) + (c ^ (a & (b ^ c))) + k[r + 4] + w4;
                h += t;
                d = t + S0(e) + ((e & f) | (g & (e | f)));
                t = c + S1(h) + (b ^ (h & (a ^ b))) + k[r + 5] + w5;
                g += t;
                c = t + S0(d) + ((d & e) | (f & (d | e)));
                t = b + S1(g) + (a ^ (g & (h ^ a))) + k[r + 6] + w6;
                f += t;
                b = t + S0(c) + ((c & d) | (e & (c | d)));
                t = a + S1(f) + (h ^ (f & (g ^ h))) + k[r + 7] + w7;
                e += t;
                a = t + S0(b) + ((b & c) | (d & (b | c)));
                t = h + S1(e) + (g ^ (e & (f ^ g))) + k[r + 8] + w8;
                d += t;
                h = t + S0(a) + ((a & b) | (c & (a | b)));
                t = g + S1(d) + (f ^ (d & (e ^ f))) + k[r + 9] + w9;
                c += t;
                g = t + S0(h) + ((h & a) | (b & (h | a)));
                t = f + S1(c) + (e ^ (c & (d ^ e))) + k[r + 10] + w10;
                b += t;
                f = t + S0(g) + ((g & h) | (a & (g | h)));
                t = e + S1(b) + (d ^ (b & (c ^ d))) + k[r + 11] + w11;
                a += t;
                e = t + S0(f) + ((f & g) | (h & (f | g)));
                t = d + S1(a) + (c ^ (a & (b ^ c))) + k[r + 12] + w12;
                h += t;
                d = t + S0(e) + ((e & f) | (g & (e | f)));
                t = c + S1(h) + (b ^ (h & (a ^ b))) + k[r + 13] + w13;
                g += t;
                c = t + S0(d) + ((d & e) | (f & (d | e)));
                t = b + S1(g) + (a ^ (g & (h ^ a))) + k[r + 14] + w14;
                f += t;
                b = t + S0(c) + ((c & d) | (e & (c | d)));
                t = a + S1(f) + (h ^ (f & (g ^ h))) + k[r + 15] + w15;
                e += t;
                a = t + S0(b) + ((b & c) | (d & (b | c)));
            }
            va += a;
            vb += b;
            vc += c;
            vd += d;
            ve += e;
            vf += f;
            vg += g;
            vh += h;
        }
        h0 = va;
        h1 = vb;
        h2 = vc;
        h3 = vd;
        h4 = ve;
        h5 = vf;
        h6 = vg;
        h7 = vh;
    }

    private static int word(byte[] data, int at) {
        return (data[at] << 24) | ((data[at + 1] & 0xff) << 16) | ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
    }

    private static int S0(int x) {
        return Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22);
    }

    private static int S1(int x) {
        return Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25);
    }

    private static int s0(int x) {
        return Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
    }

    private static int s1(int x) {
        return Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10);
    }
}
