package io.fleetloop.formats.mcap;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/** The chunk compressions of the MCAP spec: none (""), "zstd" and "lz4" (LZ4 frame format). */
public enum Compression {
    NONE(""), ZSTD("zstd"), LZ4("lz4");

    private final String wireName;

    Compression(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Compression fromWire(String name) {
        for (Compression c : values()) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unsupported chunk compression '" + name + "'");
    }

    byte[] compress(byte[] data) throws IOException {
        return switch (this) {
            case NONE -> data;
            case ZSTD -> Zstd.compress(data);
            case LZ4 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
                try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out)) {
                    lz4.write(data);
                }
                yield out.toByteArray();
            }
        };
    }

    byte[] decompress(byte[] data, int uncompressedSize) throws IOException {
        return switch (this) {
            case NONE -> data;
            case ZSTD -> Zstd.decompress(data, uncompressedSize);
            case LZ4 -> {
                // The pure-Java safe decompressor: files come from devices, and the native/unsafe ones have had
                // out-of-bounds bugs on crafted input (CVE-2025-12183).
                try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(data),
                        LZ4Factory.safeInstance().safeDecompressor(), XXHashFactory.safeInstance().hash32())) {
                    yield in.readNBytes(uncompressedSize);
                }
            }
        };
    }
}
