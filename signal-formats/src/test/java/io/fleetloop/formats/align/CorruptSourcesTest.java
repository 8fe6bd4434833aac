package io.fleetloop.formats.align;

import static io.fleetloop.formats.align.Recordings.MS;
import static io.fleetloop.formats.align.Recordings.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.mcap.McapSampleWriter;
import io.fleetloop.formats.mcap.McapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage candump lines, a truncated MCAP chunk and a CSV without its columns, next to sources that are fine. */
class CorruptSourcesTest {

    @TempDir
    Path dir;

    @Test
    void eachBrokenSourceIsReportedWithPositionAndReasonWhileTheOthersAlign() throws IOException {
        // candump: two garbage lines among good ones
        String[] lines = Recordings.candump100Hz().split("\n");
        lines[10] = "this is not a frame";
        lines[20] = "(1700000000.200000) can0 100#XYZW";
        String candump = String.join("\n", lines) + "\n";

        // MCAP: 1 s of a 100 Hz channel in small chunks, cut in the middle of a chunk
        Path mcap = dir.resolve("recording.mcap");
        try (OutputStream out = Files.newOutputStream(mcap);
             McapSampleWriter writer = new McapSampleWriter(out, McapWriter.Options.defaults().withChunkSize(1024))) {
            for (int i = 0; i <= 100; i++) {
                writer.write(new Sample("imu.yaw", T0 + i * 10 * MS, (double) i));
            }
        }
        byte[] whole = Files.readAllBytes(mcap);
        Files.write(mcap, Arrays.copyOf(whole, whole.length / 2));

        // CSV whose header lacks the mapped column
        CsvMapping mapping = CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "", "speed");
        String csv = "timestamp,lat\n1700000000.000000,31.2\n";

        TimeAligner aligner = new TimeAligner(List.of(
                Recordings.can(candump),
                new AlignedSource("mcap", 0, () -> SampleStreams.mcap("mcap", mcap)),
                new AlignedSource("badcsv", 0, () -> SampleStreams.csv("badcsv", new StringReader(csv), mapping)),
                Recordings.gnss(0)), Map.of(), Duration.ofMillis(200));

        AlignedWindow w = aligner.align(T0, T0 + 1_000 * MS, 10, Set.of(), 100);

        // the good parts still align: CAN around the garbage lines (linear over the missing 100 ms sample), GNSS,
        // and the MCAP chunks before the cut
        AlignedFrame f100 = w.frames().get(1);
        assertThat((double) f100.values().get("can/Dyn.Speed")).isCloseTo(5.0, within(1e-9));
        assertThat((double) w.frames().get(5).values().get("gnss/speed")).isCloseTo(5.0, within(1e-9));
        assertThat(f100.values()).containsKey("mcap/imu.yaw");
        assertThat(w.frames().get(9).values()).doesNotContainKey("mcap/imu.yaw");

        SourceReport can = w.sources().get(0);
        assertThat(can.failed()).isFalse();
        assertThat(can.errors()).extracting(SourceError::unit, SourceError::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SourceError.Unit.LINE, 11L),
                        org.assertj.core.groups.Tuple.tuple(SourceError.Unit.LINE, 21L));
        assertThat(can.errors().get(1).reason()).contains("not hex");

        SourceReport truncated = w.sources().get(1);
        assertThat(truncated.samplesRead()).isPositive().isLessThan(101);
        assertThat(truncated.errors()).anySatisfy(e -> {
            assertThat(e.unit()).isEqualTo(SourceError.Unit.BYTE_OFFSET);
            assertThat(e.position()).isPositive().isLessThan(whole.length / 2);
            assertThat(e.reason()).contains("truncated");
        });

        SourceReport badCsv = w.sources().get(2);
        assertThat(badCsv.failed()).isTrue();
        assertThat(badCsv.samplesRead()).isZero();
        assertThat(badCsv.errors()).singleElement().satisfies(e -> {
            assertThat(e.unit()).isEqualTo(SourceError.Unit.LINE);
            assertThat(e.position()).isEqualTo(1);
            assertThat(e.reason()).contains("missing columns [speed]");
        });

        assertThat(w.sources().get(3).errors()).isEmpty();
    }

    @Test
    void aFileThatIsNotMcapFailsItsSourceOnly() throws IOException {
        Path notMcap = Files.writeString(dir.resolve("x.mcap"), "hello");
        TimeAligner aligner = new TimeAligner(List.of(new AlignedSource("m", 0, () -> SampleStreams.mcap("m", notMcap)),
                Recordings.gnss(0)), Map.of(), Duration.ofMillis(200));

        AlignedWindow w = aligner.align(T0, T0 + 500 * MS, 10, Set.of(), 100);

        assertThat(w.sources().get(0).failed()).isTrue();
        assertThat(w.sources().get(0).errors()).singleElement().satisfies(e -> {
            assertThat(e.position()).isZero();
            assertThat(e.reason()).contains("not an MCAP file");
        });
        assertThat(w.frames().get(3).values()).containsKey("gnss/speed");
    }
}
