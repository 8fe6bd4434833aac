package io.fleetloop.formats.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "OneMessage" example of the MCAP conformance suite (foxglove/mcap tests/conformance/data/OneMessage/*.json:
 * schema 1 "Example" encoding "c" data [4,5,6]; channel 1 "example" encoding "a" metadata {foo: bar}; one message
 * sequence 10, log_time 2, publish_time 1, data [1,2,3]). The published .mcap files are stored as Git LFS
 * pointers, not bytes, so the files are encoded here byte by byte from the specification's record layout
 * (https://mcap.dev/spec), independently of {@link McapWriter}.
 */
class McapSpecExampleTest {

    @TempDir
    Path dir;

    /** Little-endian builder, written out field by field as the spec tables list them. */
    private static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes raw(int... bs) {
            for (int b : bs) {
                out.write(b);
            }
            return this;
        }

        Bytes le(long v, int n) {
            for (int i = 0; i < n; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Bytes str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            le(b.length, 4);
            out.write(b, 0, b.length);
            return this;
        }

        Bytes add(Bytes other) {
            byte[] b = other.out.toByteArray();
            out.write(b, 0, b.length);
            return this;
        }

        Bytes record(int opcode, Bytes content) {
            return raw(opcode).le(content.out.size(), 8).add(content);
        }

        int size() {
            return out.size();
        }
    }

    private static final int[] MAGIC = {0x89, 'M', 'C', 'A', 'P', 0x30, '\r', '\n'};

    private static Bytes header() {
        return new Bytes().raw(MAGIC).record(0x01, new Bytes().str("").str(""));
    }

    private static Bytes schemaChannelMessage() {
        Bytes schema = new Bytes().le(1, 2).str("Example").str("c").le(3, 4).raw(4, 5, 6);
        Bytes metadata = new Bytes().str("foo").str("bar");
        Bytes channel = new Bytes().le(1, 2).le(1, 2).str("example").str("a").le(metadata.size(), 4).add(metadata);
        Bytes message = new Bytes().le(1, 2).le(10, 4).le(2, 8).le(1, 8).raw(1, 2, 3);
        return new Bytes().record(0x03, schema).record(0x04, channel).record(0x05, message);
    }

    private static Bytes footer(long summaryStart, long summaryOffsetStart, long crc) {
        return new Bytes().record(0x02, new Bytes().le(summaryStart, 8).le(summaryOffsetStart, 8).le(crc, 4));
    }

    private List<McapMessage> readAll(byte[] file, boolean expectIndexed) throws IOException {
        Path path = dir.resolve("one-message.mcap");
        Files.write(path, file);
        try (McapReader reader = McapReader.open(path)) {
            assertThat(reader.indexed()).isEqualTo(expectIndexed);
            List<McapMessage> out = new ArrayList<>();
            reader.messages(McapQuery.all()).forEachRemaining(out::add);
            assertThat(reader.errors()).isEmpty();
            assertThat(reader.schemas().get(1).name()).isEqualTo("Example");
            assertThat(reader.schemas().get(1).data()).containsExactly(4, 5, 6);
            return out;
        }
    }

    private static void assertTheOneMessage(List<McapMessage> messages) {
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.channel().topic()).isEqualTo("example");
            assertThat(m.channel().messageEncoding()).isEqualTo("a");
            assertThat(m.channel().metadata()).containsEntry("foo", "bar");
            assertThat(m.sequence()).isEqualTo(10);
            assertThat(m.logTime()).isEqualTo(2);
            assertThat(m.publishTime()).isEqualTo(1);
            assertThat(m.data()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void unchunkedFileWithoutSummaryIsReadLinearly() throws IOException {
        Bytes file = header().add(schemaChannelMessage()).record(0x0F, new Bytes().le(0, 4))
                .add(footer(0, 0, 0)).raw(MAGIC);

        assertTheOneMessage(readAll(file.out.toByteArray(), false));
    }

    @Test
    void chunkedFileWithMessageIndexAndSummaryIsReadThroughTheIndex() throws IOException {
        assertTheOneMessage(readAll(chunkedOneMessage(0), true));
    }

    @Test
    void aChunkIndexPointingPastTheEndOfTheFileIsReportedWithTheChunkOffset() throws IOException {
        Path path = dir.resolve("bad-index.mcap");
        Files.write(path, chunkedOneMessage(10_000));
        try (McapReader reader = McapReader.open(path)) {
            assertThat(reader.messages(McapQuery.all()).hasNext()).isFalse();
            assertThat(reader.skippedItems()).isEqualTo(1);
            assertThat(reader.errors()).singleElement().satisfies(e -> {
                assertThat(e.position()).isEqualTo(25);
                assertThat(e.reason()).startsWith("truncated chunk: index says 10164 bytes at offset 25");
            });
        }
    }

    /** The chunked variant; {@code chunkLengthError} is added to the chunk length the chunk index declares. */
    private static byte[] chunkedOneMessage(long chunkLengthError) {
        Bytes file = header();
        assertThat(file.size()).isEqualTo(25); // chunk_start_offset in the conformance JSON

        byte[] records = schemaChannelMessage().out.toByteArray();
        assertThat(records).hasSize(115); // uncompressed_size in the conformance JSON
        CRC32 crc = new CRC32();
        crc.update(records);
        Bytes chunk = new Bytes().le(2, 8).le(2, 8).le(records.length, 8).le(crc.getValue(), 4).str("")
                .le(records.length, 8).raw(toInts(records));
        file.record(0x06, chunk);
        long chunkLength = file.size() - 25;

        long messageIndexOffset = file.size();
        assertThat(messageIndexOffset).isEqualTo(189); // message_index_offsets {1: 189} in the conformance JSON
        // The message sits after the schema (34 bytes) and channel (47 bytes) records in the chunk.
        file.record(0x07, new Bytes().le(1, 2).le(16, 4).le(2, 8).le(34 + 47, 8));
        long messageIndexLength = file.size() - messageIndexOffset;

        CRC32 dataCrc = new CRC32();
        dataCrc.update(file.out.toByteArray());
        file.record(0x0F, new Bytes().le(dataCrc.getValue(), 4));

        long summaryStart = file.size();
        assertThat(summaryStart).isEqualTo(233); // summary_start in the conformance JSON
        Bytes summary = new Bytes()
                .record(0x03, new Bytes().le(1, 2).str("Example").str("c").le(3, 4).raw(4, 5, 6))
                .record(0x04, new Bytes().le(1, 2).le(1, 2).str("example").str("a").le(14, 4).str("foo").str("bar"))
                .record(0x0B, new Bytes().le(1, 8).le(1, 2).le(1, 4).le(0, 4).le(0, 4).le(1, 4).le(2, 8).le(2, 8)
                        .le(10, 4).le(1, 2).le(1, 8))
                .record(0x08, new Bytes().le(2, 8).le(2, 8).le(25, 8).le(chunkLength + chunkLengthError, 8)
                        .le(10, 4).le(1, 2).le(messageIndexOffset, 8).le(messageIndexLength, 8)
                        .str("").le(records.length, 8).le(records.length, 8));
        file.add(summary);
        Bytes footerStart = new Bytes().raw(0x02).le(20, 8).le(summaryStart, 8).le(0, 8);
        CRC32 summaryCrc = new CRC32();
        summaryCrc.update(summary.out.toByteArray());
        summaryCrc.update(footerStart.out.toByteArray());
        file.add(footerStart).le(summaryCrc.getValue(), 4).raw(MAGIC);
        return file.out.toByteArray();
    }

    private static int[] toInts(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }
}
