package io.fleetloop.formats.mcap;

import static io.fleetloop.formats.mcap.Mcap.*;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an indexed, chunked MCAP file: messages are batched into chunks of about {@code chunkSize} uncompressed
 * bytes, each followed by its message indexes; {@link #close()} writes Data End (with the data section CRC), the
 * summary (schemas, channels, statistics, chunk indexes), the summary offsets and the footer (with the summary
 * CRC). Only the current chunk is held in memory.
 */
public final class McapWriter implements Closeable {

    public record Options(String profile, String library, int chunkSize, Compression compression) {
        public static Options defaults() {
            return new Options("", "fleetloop-signal-formats", 1024 * 1024, Compression.ZSTD);
        }

        public Options withChunkSize(int size) {
            return new Options(profile, library, size, compression);
        }

        public Options withCompression(Compression c) {
            return new Options(profile, library, chunkSize, c);
        }
    }

    private final OutputStream out;
    private final Options options;
    private final CRC32 dataCrc = new CRC32();
    private long position;

    private final Map<Integer, McapSchema> schemas = new LinkedHashMap<>();
    private final Map<Integer, McapChannel> channels = new LinkedHashMap<>();
    private final List<ChunkIndex> chunkIndexes = new ArrayList<>();
    private final Map<Integer, Long> channelMessageCounts = new TreeMap<>();
    private long messageCount;
    private long messageStart = -1;
    private long messageEnd;

    private RecordBuffer chunk = new RecordBuffer();
    private final Map<Integer, RecordBuffer> chunkMessageIndex = new TreeMap<>();
    private long chunkStart = -1;
    private long chunkEnd;
    private boolean closed;

    public McapWriter(OutputStream out, Options options) throws IOException {
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.options = options;
        writeData(MAGIC);
        RecordBuffer header = new RecordBuffer().string(options.profile()).string(options.library());
        writeData(new RecordBuffer().record(OP_HEADER, header).toByteArray());
    }

    /** Registers a schema and returns its id (ids start at 1; 0 means "no schema"). */
    public int addSchema(String name, String encoding, byte[] data) {
        int id = schemas.size() + 1;
        McapSchema schema = new McapSchema(id, name, encoding, data);
        schemas.put(id, schema);
        chunk.record(OP_SCHEMA, schemaContent(schema));
        return id;
    }

    /** Registers a channel and returns its id. */
    public int addChannel(String topic, String messageEncoding, int schemaId, Map<String, String> metadata) {
        if (schemaId != 0 && !schemas.containsKey(schemaId)) {
            throw new IllegalArgumentException("unknown schema id " + schemaId);
        }
        int id = channels.size() + 1;
        McapChannel channel = new McapChannel(id, schemaId, topic, messageEncoding, Map.copyOf(metadata));
        channels.put(id, channel);
        chunk.record(OP_CHANNEL, channelContent(channel));
        return id;
    }

    public void write(int channelId, long sequence, long logTime, long publishTime, byte[] data) throws IOException {
        if (!channels.containsKey(channelId)) {
            throw new IllegalArgumentException("unknown channel id " + channelId);
        }
        chunkMessageIndex.computeIfAbsent(channelId, id -> new RecordBuffer()).u64(logTime).u64(chunk.size());
        RecordBuffer message = new RecordBuffer().u16(channelId).u32(sequence).u64(logTime).u64(publishTime)
                .bytes(data);
        chunk.record(OP_MESSAGE, message);
        chunkStart = chunkStart < 0 ? logTime : Math.min(chunkStart, logTime);
        chunkEnd = Math.max(chunkEnd, logTime);
        messageStart = messageStart < 0 ? logTime : Math.min(messageStart, logTime);
        messageEnd = Math.max(messageEnd, logTime);
        messageCount++;
        channelMessageCounts.merge(channelId, 1L, Long::sum);
        if (chunk.size() >= options.chunkSize()) {
            flushChunk();
        }
    }

    private void flushChunk() throws IOException {
        if (chunk.size() == 0) {
            return;
        }
        byte[] uncompressed = chunk.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(uncompressed);
        byte[] compressed = options.compression().compress(uncompressed);
        RecordBuffer content = new RecordBuffer()
                .u64(Math.max(chunkStart, 0)).u64(chunkEnd).u64(uncompressed.length).u32(crc.getValue())
                .string(options.compression().wireName()).u64(compressed.length).bytes(compressed);
        long chunkOffset = position;
        writeData(new RecordBuffer().record(OP_CHUNK, content).toByteArray());
        long chunkLength = position - chunkOffset;

        long indexStart = position;
        Map<Integer, Long> indexOffsets = new LinkedHashMap<>();
        for (Map.Entry<Integer, RecordBuffer> e : chunkMessageIndex.entrySet()) {
            indexOffsets.put(e.getKey(), position);
            RecordBuffer index = new RecordBuffer().u16(e.getKey()).u32(e.getValue().size()).bytes(e.getValue().toByteArray());
            writeData(new RecordBuffer().record(OP_MESSAGE_INDEX, index).toByteArray());
        }
        chunkIndexes.add(new ChunkIndex(Math.max(chunkStart, 0), chunkEnd, chunkOffset, chunkLength, indexOffsets,
                position - indexStart, options.compression().wireName(), compressed.length, uncompressed.length));
        chunk = new RecordBuffer();
        chunkMessageIndex.clear();
        chunkStart = -1;
        chunkEnd = 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        flushChunk();
        writeData(new RecordBuffer().record(OP_DATA_END, new RecordBuffer().u32(dataCrc.getValue())).toByteArray());

        long summaryStart = position;
        CRC32 summaryCrc = new CRC32();
        RecordBuffer summary = new RecordBuffer();
        Map<Integer, long[]> groups = new LinkedHashMap<>();
        group(summary, groups, OP_SCHEMA, summaryStart,
                schemas.values().stream().map(McapWriter::schemaContent).toList());
        group(summary, groups, OP_CHANNEL, summaryStart,
                channels.values().stream().map(McapWriter::channelContent).toList());
        McapStatistics stats = new McapStatistics(messageCount, schemas.size(), channels.size(), 0, 0,
                chunkIndexes.size(), Math.max(messageStart, 0), messageEnd, channelMessageCounts);
        group(summary, groups, OP_STATISTICS, summaryStart, List.of(statisticsContent(stats)));
        group(summary, groups, OP_CHUNK_INDEX, summaryStart,
                chunkIndexes.stream().map(McapWriter::chunkIndexContent).toList());
        long summaryOffsetStart = summaryStart + summary.size();
        groups.forEach((opcode, g) -> summary.record(OP_SUMMARY_OFFSET,
                new RecordBuffer().u8(opcode).u64(g[0]).u64(g[1])));
        RecordBuffer footerStart = new RecordBuffer().u8(OP_FOOTER).u64(8 + 8 + 4)
                .u64(summaryStart).u64(summaryOffsetStart);
        summaryCrc.update(summary.toByteArray());
        summaryCrc.update(footerStart.toByteArray());
        out.write(summary.toByteArray());
        out.write(footerStart.u32(summaryCrc.getValue()).toByteArray());
        out.write(MAGIC);
        out.close();
    }

    private static void group(RecordBuffer summary, Map<Integer, long[]> groups, int opcode, long summaryStart,
                              List<RecordBuffer> contents) {
        if (contents.isEmpty()) {
            return;
        }
        long start = summaryStart + summary.size();
        contents.forEach(c -> summary.record(opcode, c));
        groups.put(opcode, new long[] {start, summaryStart + summary.size() - start});
    }

    private void writeData(byte[] bytes) throws IOException {
        out.write(bytes);
        dataCrc.update(bytes);
        position += bytes.length;
    }

    private static RecordBuffer schemaContent(McapSchema s) {
        return new RecordBuffer().u16(s.id()).string(s.name()).string(s.encoding()).u32(s.data().length).bytes(s.data());
    }

    private static RecordBuffer channelContent(McapChannel c) {
        return new RecordBuffer().u16(c.id()).u16(c.schemaId()).string(c.topic()).string(c.messageEncoding())
                .stringMap(c.metadata());
    }

    private static RecordBuffer statisticsContent(McapStatistics s) {
        return new RecordBuffer().u64(s.messageCount()).u16(s.schemaCount()).u32(s.channelCount())
                .u32(s.attachmentCount()).u32(s.metadataCount()).u32(s.chunkCount())
                .u64(s.messageStartTime()).u64(s.messageEndTime()).u16u64Map(s.channelMessageCounts());
    }

    private static RecordBuffer chunkIndexContent(ChunkIndex c) {
        return new RecordBuffer().u64(c.messageStartTime()).u64(c.messageEndTime()).u64(c.chunkStartOffset())
                .u64(c.chunkLength()).u16u64Map(c.messageIndexOffsets()).u64(c.messageIndexLength())
                .string(c.compression()).u64(c.compressedSize()).u64(c.uncompressedSize());
    }

}
