package io.fleetloop.formats.mcap;

import java.util.Map;

/** The MCAP Statistics record (op 0x0B) of a file's summary. */
public record McapStatistics(long messageCount, int schemaCount, long channelCount, long attachmentCount,
                             long metadataCount, long chunkCount, long messageStartTime, long messageEndTime,
                             Map<Integer, Long> channelMessageCounts) {
}
