package io.fleetloop.formats.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class McapRoundTripTest {

    @TempDir
    Path dir;

    /** Two topics at 100 Hz and 10 Hz over 2 s, the slow one written late so chunks overlap in time. */
    private Path record(Compression compression, int chunkSize) throws IOException {
        Path file = dir.resolve("drive-" + compression + ".mcap");
        try (OutputStream os = Files.newOutputStream(file);
             McapWriter w = new McapWriter(os, McapWriter.Options.defaults().withCompression(compression)
                     .withChunkSize(chunkSize))) {
            int schema = w.addSchema("Speed", "jsonschema", "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
            int fast = w.addChannel("/vehicle/speed", "json", schema, Map.of("unit", "m/s"));
            int slow = w.addChannel("/gnss/fix", "json", 0, Map.of());
            for (int i = 0; i < 200; i++) {
                long t = 1_000_000_000L + i * 10_000_000L;
                w.write(fast, i, t, t, ("{\"v\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 20; i++) {
                long t = 1_000_000_000L + i * 100_000_000L + 5;
                w.write(slow, i, t, t, ("{\"lat\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    private static List<McapMessage> all(Iterator<McapMessage> it) {
        List<McapMessage> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void writtenMessagesReadBackInLogTimeOrderAcrossChunks(Compression compression) throws IOException {
        Path file = record(compression, 2048);
        try (McapReader reader = McapReader.open(file)) {
            assertThat(reader.indexed()).isTrue();
            List<McapMessage> messages = all(reader.messages(McapQuery.all()));

            assertThat(messages).hasSize(220);
            assertThat(messages).extracting(McapMessage::logTime).isSorted();
            assertThat(reader.errors()).isEmpty();
            McapStatistics stats = reader.statistics().orElseThrow();
            assertThat(stats.messageCount()).isEqualTo(220);
            assertThat(stats.chunkCount()).isGreaterThan(3);
            assertThat(stats.channelMessageCounts()).containsEntry(1, 200L).containsEntry(2, 20L);
            assertThat(reader.channels().get(1).metadata()).containsEntry("unit", "m/s");
            assertThat(reader.verify()).isEmpty();
        }
    }

    @Test
    void queryFiltersByTopicAndTimeRange() throws IOException {
        Path file = record(Compression.ZSTD, 1024);
        try (McapReader reader = McapReader.open(file)) {
            List<McapMessage> gnss = all(reader.messages(
                    new McapQuery(Set.of("/gnss/fix"), 1_200_000_000L, 1_500_000_000L)));

            assertThat(gnss).extracting(m -> m.channel().topic()).containsOnly("/gnss/fix");
            assertThat(gnss).extracting(McapMessage::sequence).containsExactly(2L, 3L, 4L);
        }
    }

    @Test
    void jsonChannelsBecomeSamples() throws IOException {
        Path file = record(Compression.LZ4, 4096);
        try (McapReader reader = McapReader.open(file)) {
            Iterator<Sample> samples = reader.samples(new McapQuery(Set.of("/vehicle/speed"), 0, Long.MAX_VALUE));
            Sample first = samples.next();

            assertThat(first.channel()).isEqualTo("/vehicle/speed");
            assertThat(first.timestampNanos()).isEqualTo(1_000_000_000L);
            assertThat(((JsonNode) first.value()).get("v").asInt()).isZero();
        }
    }

    @Test
    void truncatedFileReportsTheTruncatedChunkAndKeepsEarlierMessages() throws IOException {
        Path file = record(Compression.NONE, 2048);
        long firstChunkIndexOffset;
        try (McapReader reader = McapReader.open(file)) {
            firstChunkIndexOffset = reader.chunkOffsets().get(2);
        }
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.mcap");
        Files.write(cut, Arrays.copyOf(bytes, (int) firstChunkIndexOffset + 100));

        try (McapReader reader = McapReader.open(cut)) {
            List<McapMessage> messages = all(reader.messages(McapQuery.all()));

            assertThat(reader.indexed()).isFalse();
            assertThat(messages).isNotEmpty();
            assertThat(reader.errors()).anySatisfy(e -> {
                assertThat(e.position()).isEqualTo(firstChunkIndexOffset);
                assertThat(e.reason()).startsWith("truncated chunk at offset " + firstChunkIndexOffset);
            });
            assertThat(reader.skippedItems()).isEqualTo(1);
        }
    }

    @Test
    void corruptedChunkIsReportedByCrcAndSkipped() throws IOException {
        Path file = record(Compression.NONE, 2048);
        byte[] bytes = Files.readAllBytes(file);
        long chunkOffset;
        try (McapReader reader = McapReader.open(file)) {
            chunkOffset = reader.chunkOffsets().get(1);
        }
        int inside = (int) chunkOffset + 200; // within the uncompressed records of the second chunk
        bytes[inside] ^= 0x01;
        Path bad = dir.resolve("bad.mcap");
        Files.write(bad, bytes);

        try (McapReader reader = McapReader.open(bad)) {
            List<McapMessage> messages = all(reader.messages(McapQuery.all()));

            assertThat(messages).hasSizeLessThan(220).isNotEmpty();
            assertThat(reader.errors()).singleElement().satisfies(e -> {
                assertThat(e.position()).isEqualTo(chunkOffset);
                assertThat(e.reason()).startsWith("chunk CRC mismatch");
            });
            assertThat(reader.verify()).anySatisfy(e -> assertThat(e.reason()).startsWith("data section CRC mismatch"));
        }
    }

    @Test
    void aFileThatIsNotMcapIsRejected() throws IOException {
        Path file = dir.resolve("x.mcap");
        Files.writeString(file, "not an mcap file at all");

        assertThatThrownBy(() -> McapReader.open(file)).isInstanceOf(SourceFormatException.class)
                .hasMessageContaining("byte 0: not an MCAP file");
    }
}
