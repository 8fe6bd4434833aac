package io.fleetloop.formats.segment;

import java.util.List;

/**
 * What a segment's header says, without decompressing it: the zstd level and dictionary id (0 = none), and per
 * block — {@code channels} (the channel table), {@code order} (the interleaving, if kept) and one per modality
 * ({@code can}, {@code imu}, {@code gnss}…; {@code frames} for a CAN-frame segment) — its sample count, its size
 * before zstd and its compressed size.
 */
public record SegmentInfo(int level, long dictionaryId, List<Block> blocks, long totalBytes) {

    public record Block(String name, long samples, long encodedBytes, long compressedBytes) {
    }

    public SegmentInfo {
        blocks = List.copyOf(blocks);
    }

    static SegmentInfo of(Container.Parsed parsed, long total) {
        return new SegmentInfo(parsed.level(), parsed.dictionaryId(), parsed.entries().stream()
                .map(e -> new Block(e.name(), e.samples(), e.encodedBytes(), e.compressedBytes())).toList(), total);
    }

    public Block block(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no block " + name));
    }
}
