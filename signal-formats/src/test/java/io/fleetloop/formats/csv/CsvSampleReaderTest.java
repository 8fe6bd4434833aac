package io.fleetloop.formats.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.SourceFormatException;
import io.fleetloop.formats.TimeUnitScale;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvSampleReaderTest {

    private static final String IMU = """
            timestamp,ax,ay,az,temperature
            1436509052.000000,0.10,-0.02,9.81,31.5
            1436509052.005000,0.11,,9.80,31.5
            1436509052.010000,0.12,-0.01
            1436509052.015000,abc,-0.01,9.79,31.4
            1436509052.020000,0.13,-0.01,9.79,31.4
            """;

    private static List<Sample> read(CsvSampleReader reader) {
        List<Sample> out = new ArrayList<>();
        reader.forEachRemaining(out::add);
        return out;
    }

    @Test
    void mappedColumnsBecomeSamplesWithExactNanosecondTimestamps() throws IOException {
        CsvMapping mapping = new CsvMapping("timestamp", TimeUnitScale.SECONDS,
                Map.of("ax", "imu.accel_x", "ay", "imu.accel_y"), ',');
        CsvSampleReader reader = new CsvSampleReader(new StringReader(IMU), mapping);

        List<Sample> samples = read(reader);

        assertThat(samples).filteredOn(s -> s.channel().equals("imu.accel_x"))
                .extracting(Sample::timestampNanos)
                .containsExactly(1_436_509_052_000_000_000L, 1_436_509_052_005_000_000L, 1_436_509_052_020_000_000L);
        assertThat(samples).filteredOn(s -> s.channel().equals("imu.accel_y")).hasSize(2); // one cell empty
        assertThat(samples).contains(new Sample("imu.accel_x", 1_436_509_052_000_000_000L, 0.10));
    }

    @Test
    void badRowsAreReportedWithLineNumbersAndSkipped() throws IOException {
        CsvSampleReader reader = new CsvSampleReader(new StringReader(IMU),
                CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "imu.", "ax", "az"));
        read(reader);

        assertThat(reader.skippedRows()).isEqualTo(2);
        assertThat(reader.errors()).extracting(SourceError::position).containsExactly(4L, 5L);
        assertThat(reader.errors().get(0).reason()).isEqualTo("expected 5 fields, got 3");
        assertThat(reader.errors().get(1).reason()).contains("abc");
    }

    @Test
    void missingMappedColumnsFailAtTheHeader() {
        CsvMapping mapping = CsvMapping.of("time_ns", TimeUnitScale.NANOSECONDS, "gnss.", "lat", "lon");

        assertThatThrownBy(() -> new CsvSampleReader(new StringReader(IMU), mapping))
                .isInstanceOf(SourceFormatException.class)
                .hasMessageContaining("line 1: missing columns [time_ns, lat, lon]");
    }
}
