package io.fleetloop.formats.mcap;

import java.util.Map;

/** An MCAP Chunk Index record (op 0x08): where a chunk and its message indexes are in the file. */
record ChunkIndex(long messageStartTime, long messageEndTime, long chunkStartOffset, long chunkLength,
                  Map<Integer, Long> messageIndexOffsets, long messageIndexLength, String compression,
                  long compressedSize, long uncompressedSize) {
}
