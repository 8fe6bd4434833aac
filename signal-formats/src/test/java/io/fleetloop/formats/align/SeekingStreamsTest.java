package io.fleetloop.formats.align;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.mcap.McapSampleWriter;
import io.fleetloop.formats.mcap.McapWriter;
import io.fleetloop.formats.ndjson.NdjsonMapping;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files on disk are read from near the window (binary search / chunk index), with the same result as from the start. */
class SeekingStreamsTest {

    private static final long START = 1_700_000_000L * 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aWindowDeepInsideFilesAlignsTheSameWhetherTheSourcesSeekOrReadFromTheStart() throws IOException {
        new SyntheticDrive(SyntheticDrive.Config.seconds(START / 1_000_000_000L, 80)).writeTo(dir);
        Path mcap = dir.resolve("imu.mcap");
        CsvMapping imu = CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "imu.", "ax", "gz");
        try (OutputStream out = Files.newOutputStream(mcap);
             McapSampleWriter writer = new McapSampleWriter(out, McapWriter.Options.defaults().withChunkSize(16 * 1024));
             SampleStream s = SampleStreams.csv("imu", dir.resolve("imu.csv"), imu)) {
            while (s.hasNext()) {
                writer.write(s.next());
            }
        }
        Path perception = dir.resolve("perception.ndjson");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            lines.append("{\"t\":").append(START + i * 100_000_000L).append(",\"type\":\"objects\",\"n\":").append(i)
                    .append("}\n");
        }
        Files.writeString(perception, lines);
        NdjsonMapping objects = new NdjsonMapping("/t", TimeUnitScale.NANOSECONDS, "", "/type", "");
        CsvMapping gnss = CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "", "speed", "lat");
        List<AlignedSource> seeking = List.of(
                new AlignedSource("can", 0, () -> SampleStreams.candump("can", dir.resolve("can.log"), SyntheticDrive.dbcFile())),
                new AlignedSource("gnss", 0, () -> SampleStreams.csv("gnss", dir.resolve("gnss.csv"), gnss)),
                new AlignedSource("imu", 0, () -> SampleStreams.mcap("imu", mcap)),
                new AlignedSource("perception", 0, () -> SampleStreams.ndjson("perception", perception, objects)));
        List<AlignedSource> fromStart = List.of(
                new AlignedSource("can", 0, () -> SampleStreams.candump("can", reader(dir.resolve("can.log")), SyntheticDrive.dbcFile())),
                new AlignedSource("gnss", 0, () -> SampleStreams.csv("gnss", reader(dir.resolve("gnss.csv")), gnss)),
                new AlignedSource("imu", 0, () -> unseekable(SampleStreams.mcap("imu", mcap))),
                new AlignedSource("perception", 0, () -> SampleStreams.ndjson("perception", reader(perception), objects)));
        long from = START + 60_000_000_000L;

        AlignedWindow a = new TimeAligner(seeking, Map.of(), Duration.ofMillis(300)).align(from, from + 2_000_000_000L, 50, Set.of(), 1000);
        AlignedWindow b = new TimeAligner(fromStart, Map.of(), Duration.ofMillis(300)).align(from, from + 2_000_000_000L, 50, Set.of(), 1000);

        assertThat(a.frames()).hasSize(100);
        assertThat(a.frames().get(0).values()).containsKeys("can/VehicleDynamics.VehicleSpeed", "gnss/speed", "imu/imu.ax");
        assertThat(a.frames().toString()).isEqualTo(b.frames().toString());
        assertThat(a.channels()).isEqualTo(b.channels());
        // the seeking sources read a small part of each file
        assertThat(a.frames().get(0).values()).containsKey("perception/objects");
        for (int i = 0; i < 4; i++) {
            assertThat(a.sources().get(i).errors()).isEmpty();
            assertThat(a.sources().get(i).samplesRead()).isLessThan(b.sources().get(i).samplesRead());
        }
        assertThat(a.sources().get(0).samplesRead()).isLessThan(b.sources().get(0).samplesRead() / 5);
        assertThat(a.sources().get(2).samplesRead()).isLessThan(b.sources().get(2).samplesRead() / 5);
        assertThat(a.sources().get(3).samplesRead()).isLessThan(b.sources().get(3).samplesRead() / 5);
    }

    private static java.io.Reader reader(Path p) {
        try {
            return Files.newBufferedReader(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ignores the skip hint: reads the whole file. */
    private static SampleStream unseekable(SampleStream s) {
        return SampleStreams.of(s.sourceName(), s, s::errors, s);
    }
}
