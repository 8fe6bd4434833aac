package io.fleetloop.formats.segment;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdDictTrainer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A zstd dictionary trained per vehicle model on the uncompressed blocks of earlier segments (see
 * {@link SegmentWriter#trainingSamples}); it mostly helps small segments (channel names, value tables, the first
 * values of each column). A segment written with a dictionary records its id and can be read only with it.
 */
public final class SegmentDictionary {

    private final byte[] bytes;
    private final long id;
    private final Map<Integer, ZstdDictCompress> compressors = new ConcurrentHashMap<>();
    private volatile ZstdDictDecompress decompressor;

    private SegmentDictionary(byte[] bytes) {
        this.bytes = bytes.clone();
        this.id = Zstd.getDictIdFromDict(bytes);
        if (id == 0) {
            throw new IllegalArgumentException("not a zstd dictionary (no dictionary id)");
        }
    }

    /** Trains a dictionary of at most {@code size} bytes from sample blocks (zstd's COVER trainer). */
    public static SegmentDictionary train(List<byte[]> samples, int size) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to train a dictionary on");
        }
        long total = samples.stream().mapToLong(b -> b.length).sum();
        ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE - 16, total + 16), size);
        for (byte[] sample : samples) {
            trainer.addSample(sample);
        }
        return new SegmentDictionary(trainer.trainSamples());
    }

    /** A dictionary stored earlier ({@link #bytes()}). */
    public static SegmentDictionary of(byte[] bytes) {
        return new SegmentDictionary(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** zstd's dictionary id, written into each segment's header. */
    public long id() {
        return id;
    }

    ZstdDictCompress compressor(int level) {
        return compressors.computeIfAbsent(level, l -> new ZstdDictCompress(bytes, l));
    }

    ZstdDictDecompress decompressor() {
        ZstdDictDecompress d = decompressor;
        if (d == null) {
            d = new ZstdDictDecompress(bytes);
            decompressor = d;
        }
        return d;
    }
}
