package io.fleetloop.formats.mcap;

import static io.fleetloop.formats.mcap.Mcap.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.SourceFormatException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Streams the messages of an MCAP file (https://mcap.dev/spec) without loading the file: at most one chunk is
 * decompressed at a time (plus the messages of chunks whose time ranges overlap).
 *
 * <p>With a summary that has chunk indexes, messages come in log-time order across chunks, and chunks outside the
 * query's time range or topics are not read. Without one (no footer: a truncated or unfinished recording), the
 * file is scanned linearly from the start: each chunk's messages come in log-time order, chunks in file order.
 *
 * <p>Problems do not throw once the file is open: a truncated record, a CRC mismatch or an undecodable chunk is
 * added to {@link #errors()} with its byte offset and skipped (counted in {@link #skippedItems()}); messages
 * before it are still delivered. One iteration at a time per reader (the linear scan uses the file's position);
 * the unclosed stream of a linear scan wraps the reader's file channel, which {@link #close()} closes.
 */
public final class McapReader implements Closeable {

    private static final int MAX_ERRORS = 1000;
    /** A chunk or summary larger than this is reported, not allocated: a corrupt length must not exhaust memory. */
    static final long MAX_IN_MEMORY = 256L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel file;
    private final long size;
    private final Map<Integer, McapSchema> schemas = new HashMap<>();
    private final Map<Integer, McapChannel> channels = new HashMap<>();
    private final List<ChunkIndex> chunkIndexes = new ArrayList<>();
    private McapStatistics statistics;
    private final List<SourceError> errors = new ArrayList<>();
    private long skipped;

    private McapReader(FileChannel file) throws IOException {
        this.file = file;
        this.size = file.size();
    }

    /** Opens a file; throws {@link SourceFormatException} only if it is not MCAP at all. */
    public static McapReader open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            McapReader reader = new McapReader(channel);
            reader.readHead();
            reader.readSummary();
            return reader;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Map<Integer, McapSchema> schemas() {
        return Collections.unmodifiableMap(schemas);
    }

    public Map<Integer, McapChannel> channels() {
        return Collections.unmodifiableMap(channels);
    }

    public Optional<McapStatistics> statistics() {
        return Optional.ofNullable(statistics);
    }

    /** True when the summary's chunk indexes are used (log-time order across chunks, chunk skipping). */
    public boolean indexed() {
        return !chunkIndexes.isEmpty();
    }

    /** File offsets of the chunks the summary indexes, in file order (for tests and tools). */
    List<Long> chunkOffsets() {
        return chunkIndexes.stream().map(ChunkIndex::chunkStartOffset).sorted().toList();
    }

    public List<SourceError> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** Chunks, records and messages that could not be decoded and were skipped. */
    public long skippedItems() {
        return skipped;
    }

    public Iterator<McapMessage> messages(McapQuery query) {
        Iterator<Located> located = located(query);
        return new Iterator<>() {
            public boolean hasNext() {
                return located.hasNext();
            }

            public McapMessage next() {
                return located.next().message;
            }
        };
    }

    /**
     * Messages as samples on channel = topic: JSON channels give a Jackson {@code JsonNode}, other encodings the
     * raw bytes. A JSON message that does not parse is counted and reported, not fatal.
     */
    public Iterator<Sample> samples(McapQuery query) {
        Iterator<Located> located = located(query);
        return new Iterator<>() {
            private Sample next;

            public boolean hasNext() {
                while (next == null && located.hasNext()) {
                    Located l = located.next();
                    McapMessage m = l.message;
                    if (!"json".equals(m.channel().messageEncoding())) {
                        next = new Sample(m.channel().topic(), m.logTime(), m.data());
                        continue;
                    }
                    try {
                        next = new Sample(m.channel().topic(), m.logTime(), JSON.readTree(m.data()));
                    } catch (IOException e) {
                        skip(l.offset, "undecodable JSON message on " + m.channel().topic() + " at log time "
                                + Long.toUnsignedString(m.logTime()) + ": " + e.getMessage());
                    }
                }
                return next != null;
            }

            public Sample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Sample s = next;
                next = null;
                return s;
            }
        };
    }

    /**
     * Reads the whole file linearly and checks every CRC (data section, chunks); returns the errors found. The
     * indexed path checks chunk and summary CRCs only, since the data section CRC needs every byte.
     */
    public List<SourceError> verify() {
        Iterator<Located> all = new LinearScan(McapQuery.all());
        while (all.hasNext()) {
            all.next();
        }
        return errors();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private Iterator<Located> located(McapQuery query) {
        return indexed() ? new IndexedScan(query) : new LinearScan(query);
    }

    private void readHead() throws IOException {
        if (size < MAGIC.length) {
            throw new SourceFormatException(SourceError.atByte(0, "not an MCAP file: only " + size + " bytes"));
        }
        if (!Arrays.equals(read(0, MAGIC.length), MAGIC)) {
            throw new SourceFormatException(SourceError.atByte(0, "not an MCAP file: wrong magic bytes"));
        }
    }

    private void readSummary() throws IOException {
        long footerOffset = size - MAGIC.length - FOOTER_RECORD_LENGTH;
        if (footerOffset < MAGIC.length || !Arrays.equals(read(size - MAGIC.length, MAGIC.length), MAGIC)) {
            report(SourceError.atByte(size, "no trailing magic: file truncated or unfinished; reading linearly"));
            return;
        }
        byte[] footer = read(footerOffset, FOOTER_RECORD_LENGTH);
        RecordParser p = new RecordParser(footer, footerOffset);
        if (p.u8("opcode") != OP_FOOTER || p.u64("length") != 20) {
            report(SourceError.atByte(footerOffset, "no footer record before the trailing magic; reading linearly"));
            return;
        }
        long summaryStart = p.u64("summary_start");
        long summaryOffsetStart = p.u64("summary_offset_start");
        long summaryCrc = p.u32("summary_crc");
        if (summaryStart == 0) {
            return;
        }
        if (summaryStart < MAGIC.length || summaryStart > footerOffset) {
            report(SourceError.atByte(footerOffset, "footer points at summary_start " + summaryStart
                    + " outside the file; reading linearly"));
            return;
        }
        if (footerOffset - summaryStart > MAX_IN_MEMORY) {
            report(SourceError.atByte(summaryStart, "summary of " + (footerOffset - summaryStart)
                    + " bytes is too large; reading linearly"));
            return;
        }
        byte[] summary = read(summaryStart, (int) (footerOffset - summaryStart));
        if (summaryCrc != 0) {
            CRC32 crc = new CRC32();
            crc.update(summary);
            crc.update(footer, 0, 1 + 8 + 8 + 8);
            if (crc.getValue() != summaryCrc) {
                report(SourceError.atByte(summaryStart, "summary CRC mismatch (expected "
                        + Long.toHexString(summaryCrc) + ", computed " + Long.toHexString(crc.getValue())
                        + "); ignoring the summary and reading linearly"));
                return;
            }
        }
        long end = summaryOffsetStart == 0 ? footerOffset : summaryOffsetStart;
        try {
            RecordParser records = new RecordParser(summary, 0, (int) (end - summaryStart), summaryStart);
            List<ChunkIndex> indexes = new ArrayList<>();
            while (records.remaining() > 0) {
                long at = summaryStart + records.position();
                int opcode = records.u8("opcode");
                long length = records.u64("length");
                byte[] content = records.bytes(length, "record content");
                RecordParser r = new RecordParser(content, at + 9);
                switch (opcode) {
                    case OP_SCHEMA -> addSchema(r);
                    case OP_CHANNEL -> addChannel(r);
                    case OP_CHUNK_INDEX -> indexes.add(chunkIndex(r));
                    case OP_STATISTICS -> statistics = statistics(r);
                    default -> { } // attachment/metadata indexes are not used
                }
            }
            chunkIndexes.addAll(indexes);
        } catch (RecordParser.Corrupt e) {
            report(SourceError.atByte(e.offset, "corrupt summary: " + e.getMessage() + "; reading linearly"));
            chunkIndexes.clear();
        }
    }

    private byte[] read(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (file.read(buf, offset + buf.position()) < 0) {
                throw new SourceFormatException(SourceError.atByte(offset + buf.position(), "unexpected end of file"));
            }
        }
        return buf.array();
    }

    private void addSchema(RecordParser r) {
        McapSchema s = new McapSchema(r.u16("schema id"), r.string("schema name"), r.string("schema encoding"),
                r.bytes(r.u32("schema data"), "schema data"));
        if (s.id() != 0) { // the spec says a schema with id 0 is invalid and ignored
            schemas.putIfAbsent(s.id(), s);
        }
    }

    private void addChannel(RecordParser r) {
        McapChannel c = new McapChannel(r.u16("channel id"), r.u16("schema id"), r.string("topic"),
                r.string("message encoding"), Map.copyOf(r.stringMap("metadata")));
        channels.putIfAbsent(c.id(), c);
    }

    private static ChunkIndex chunkIndex(RecordParser r) {
        return new ChunkIndex(r.u64("message_start_time"), r.u64("message_end_time"), r.u64("chunk_start_offset"),
                r.u64("chunk_length"), r.u16u64Map("message_index_offsets"), r.u64("message_index_length"),
                r.string("compression"), r.u64("compressed_size"), r.u64("uncompressed_size"));
    }

    private static McapStatistics statistics(RecordParser r) {
        return new McapStatistics(r.u64("message_count"), r.u16("schema_count"), r.u32("channel_count"),
                r.u32("attachment_count"), r.u32("metadata_count"), r.u32("chunk_count"),
                r.u64("message_start_time"), r.u64("message_end_time"), r.u16u64Map("channel_message_counts"));
    }

    private void report(SourceError error) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(error);
        }
    }

    private void skip(long offset, String reason) {
        skipped++;
        report(SourceError.atByte(offset, reason));
    }

    /** A message and the file offset to report problems at (its chunk's offset when chunked). */
    private record Located(McapMessage message, long offset, long order) {
    }

    private static final Comparator<Located> LOG_TIME_ORDER = Comparator
            .<Located, Long>comparing(l -> l.message.logTime(), Long::compareUnsigned)
            .thenComparingLong(Located::order);

    private long order;

    /** Decodes a message record's content, or returns null (counted) if its channel is unknown. */
    private Located message(RecordParser r, long offset, McapQuery query) {
        int channelId = r.u16("channel_id");
        long sequence = r.u32("sequence");
        long logTime = r.u64("log_time");
        long publishTime = r.u64("publish_time");
        McapChannel channel = channels.get(channelId);
        if (channel == null) {
            skip(offset, "message on unknown channel " + channelId);
            return null;
        }
        if (!query.wantsTopic(channel.topic()) || !query.wantsTime(logTime)) {
            return null;
        }
        return new Located(new McapMessage(channel, sequence, logTime, publishTime, r.rest()), offset, order++);
    }

    /**
     * Decodes a chunk record's content into the wanted messages, sorted by log time; on a CRC mismatch or a
     * decompression failure reports the chunk's offset and returns nothing.
     */
    private List<Located> chunk(byte[] content, long chunkOffset, McapQuery query) {
        try {
            RecordParser c = new RecordParser(content, chunkOffset + 9);
            c.u64("message_start_time");
            c.u64("message_end_time");
            long uncompressedSize = c.u64("uncompressed_size");
            long expectedCrc = c.u32("uncompressed_crc");
            String compression = c.string("compression");
            byte[] compressed = c.bytes(c.u64("records length"), "records");
            if (Long.compareUnsigned(uncompressedSize, MAX_IN_MEMORY) > 0) {
                skip(chunkOffset, "chunk too large to decode: " + uncompressedSize + " bytes");
                return List.of();
            }
            byte[] records;
            try {
                records = Compression.fromWire(compression).decompress(compressed, (int) uncompressedSize);
            } catch (IOException | RuntimeException e) {
                skip(chunkOffset, "cannot decompress chunk (" + (compression.isEmpty() ? "none" : compression)
                        + "): " + e.getMessage());
                return List.of();
            }
            if (records.length != uncompressedSize) {
                skip(chunkOffset, "chunk decompressed to " + records.length + " bytes, header says " + uncompressedSize);
                return List.of();
            }
            if (expectedCrc != 0) {
                CRC32 crc = new CRC32();
                crc.update(records);
                if (crc.getValue() != expectedCrc) {
                    skip(chunkOffset, "chunk CRC mismatch (expected " + Long.toHexString(expectedCrc)
                            + ", computed " + Long.toHexString(crc.getValue()) + ")");
                    return List.of();
                }
            }
            List<Located> out = new ArrayList<>();
            RecordParser inner = new RecordParser(records, chunkOffset);
            while (inner.remaining() > 0) {
                int opcode = inner.u8("opcode");
                byte[] record = inner.bytes(inner.u64("length"), "record content");
                RecordParser r = new RecordParser(record, chunkOffset);
                switch (opcode) {
                    case OP_SCHEMA -> addSchema(r);
                    case OP_CHANNEL -> addChannel(r);
                    case OP_MESSAGE -> {
                        Located m = message(r, chunkOffset, query);
                        if (m != null) {
                            out.add(m);
                        }
                    }
                    default -> { }
                }
            }
            out.sort(LOG_TIME_ORDER);
            return out;
        } catch (RecordParser.Corrupt e) {
            // Offsets inside a compressed chunk mean nothing in the file: report the chunk.
            skip(chunkOffset, "corrupt chunk: " + e.getMessage());
            return List.of();
        }
    }

    /** Uses the summary's chunk indexes: only overlapping chunks are read, merged in log-time order. */
    private final class IndexedScan implements Iterator<Located> {
        private final McapQuery query;
        private final Deque<ChunkIndex> todo;
        private final PriorityQueue<Located> pending = new PriorityQueue<>(LOG_TIME_ORDER);

        IndexedScan(McapQuery query) {
            this.query = query;
            Set<Integer> wanted = new HashSet<>();
            channels.values().stream().filter(c -> query.wantsTopic(c.topic())).forEach(c -> wanted.add(c.id()));
            this.todo = new ArrayDeque<>(chunkIndexes.stream()
                    .filter(ci -> query.overlaps(ci.messageStartTime(), ci.messageEndTime()))
                    .filter(ci -> query.topics().isEmpty() || ci.messageIndexOffsets().isEmpty()
                            || ci.messageIndexOffsets().keySet().stream().anyMatch(wanted::contains))
                    .sorted(Comparator.<ChunkIndex, Long>comparing(ChunkIndex::messageStartTime, Long::compareUnsigned)
                            .thenComparingLong(ChunkIndex::chunkStartOffset))
                    .toList());
        }

        @Override
        public boolean hasNext() {
            // A chunk must be loaded before any message later than its start time is handed out.
            while (!todo.isEmpty() && (pending.isEmpty()
                    || Long.compareUnsigned(todo.peek().messageStartTime(), pending.peek().message.logTime()) <= 0)) {
                load(todo.poll());
            }
            return !pending.isEmpty();
        }

        @Override
        public Located next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void load(ChunkIndex index) {
            long offset = index.chunkStartOffset();
            if (offset < MAGIC.length || index.chunkLength() < 9 || offset + index.chunkLength() > size
                    || index.chunkLength() > MAX_IN_MEMORY) {
                skip(offset, "truncated chunk: index says " + index.chunkLength() + " bytes at offset " + offset
                        + ", file has " + size);
                return;
            }
            try {
                byte[] record = read(offset, (int) index.chunkLength());
                RecordParser p = new RecordParser(record, offset);
                int opcode = p.u8("opcode");
                long length = p.u64("length");
                if (opcode != OP_CHUNK || length != index.chunkLength() - 9) {
                    skip(offset, "chunk index points at a record with opcode " + opcode + " and length " + length);
                    return;
                }
                pending.addAll(chunk(Arrays.copyOfRange(record, 9, record.length), offset, query));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads the file from the start, record by record, checking the data section CRC at Data End. */
    private final class LinearScan implements Iterator<Located> {
        private final McapQuery query;
        private final InputStream in;
        private final CRC32 dataCrc = new CRC32();
        private final Deque<Located> ready = new ArrayDeque<>();
        private long position = MAGIC.length;
        private boolean done;

        LinearScan(McapQuery query) {
            this.query = query;
            try {
                this.in = new BufferedInputStream(Channels.newInputStream(file.position(MAGIC.length)), 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dataCrc.update(MAGIC);
        }

        @Override
        public boolean hasNext() {
            try {
                while (ready.isEmpty() && !done) {
                    step();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return !ready.isEmpty();
        }

        @Override
        public Located next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void step() throws IOException {
            long at = position;
            byte[] head = in.readNBytes(9);
            if (head.length == 0) {
                report(SourceError.atByte(at, "file ends without a Data End record (truncated)"));
                done = true;
                return;
            }
            if (head.length < 9) {
                skip(at, "truncated record header: " + head.length + " of 9 bytes");
                done = true;
                return;
            }
            RecordParser h = new RecordParser(head, at);
            int opcode = h.u8("opcode");
            long length = h.u64("length");
            long left = size - at - 9;
            if (length < 0 || length > left) {
                skip(at, (opcode == OP_CHUNK ? "truncated chunk" : "truncated record (opcode " + opcode + ")")
                        + " at offset " + at + ": declares " + Long.toUnsignedString(length) + " bytes, "
                        + left + " left in the file");
                done = true;
                return;
            }
            if (length > MAX_IN_MEMORY) {
                skip(at, "record (opcode " + opcode + ") of " + length + " bytes is too large to decode");
                done = true;
                return;
            }
            byte[] content = in.readNBytes((int) length);
            position += 9 + length;
            if (opcode == OP_DATA_END) {
                long expected = new RecordParser(content, at + 9).u32("data_section_crc");
                if (expected != 0 && expected != dataCrc.getValue()) {
                    report(SourceError.atByte(at, "data section CRC mismatch (expected " + Long.toHexString(expected)
                            + ", computed " + Long.toHexString(dataCrc.getValue()) + ")"));
                }
                done = true;
                return;
            }
            dataCrc.update(head);
            dataCrc.update(content);
            try {
                RecordParser r = new RecordParser(content, at + 9);
                switch (opcode) {
                    case OP_SCHEMA -> addSchema(r);
                    case OP_CHANNEL -> addChannel(r);
                    case OP_MESSAGE -> {
                        Located m = message(r, at, query);
                        if (m != null) {
                            ready.add(m);
                        }
                    }
                    case OP_CHUNK -> ready.addAll(chunk(content, at, query));
                    case OP_FOOTER -> done = true;
                    default -> { } // header, message indexes, attachments, metadata: not needed to stream
                }
            } catch (RecordParser.Corrupt e) {
                skip(e.offset, "corrupt record (opcode " + opcode + "): " + e.getMessage());
            }
        }
    }
}
