package io.fleetloop.formats.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClockOffsetEstimatorTest {

    private static final long START = 1_700_000_000L * 1_000_000_000L;
    private static final long GNSS_PERIOD = 100_000_000L;

    private static Iterator<Sample> channel(SampleStream stream, String channel) {
        List<Sample> out = new ArrayList<>();
        stream.forEachRemaining(s -> {
            if (s.channel().equals(channel)) {
                out.add(s);
            }
        });
        return out.iterator();
    }

    @Test
    void crossCorrelatingCanAndGnssSpeedRecoversAPlantedClockOffset() throws IOException {
        long planted = 350_000_000L; // GNSS timestamps 0.35 s late, with noise on its speed
        StringWriter can = new StringWriter(), imu = new StringWriter(), gnss = new StringWriter();
        new SyntheticDrive(new SyntheticDrive.Config(START, 60_000_000_000L, 7, planted)).write(can, imu, gnss);
        CsvMapping gnssMapping = CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "gnss.", "speed");
        AlignedSource canSource = new AlignedSource("can", 0, () -> SampleStreams.candump("can",
                new StringReader(can.toString()), SyntheticDrive.dbcFile()));

        ClockOffsetEstimator.OffsetEstimate estimate = ClockOffsetEstimator.estimate(
                channel(canSource.opener().get(), "VehicleDynamics.VehicleSpeed"),
                channel(SampleStreams.csv("gnss", new StringReader(gnss.toString()), gnssMapping), "gnss.speed"),
                Duration.ofSeconds(2), 20);

        assertThat(estimate.offsetNanos()).isCloseTo(-planted, within(GNSS_PERIOD));
        assertThat(estimate.correlation()).isGreaterThan(0.99);
        assertThat(estimate.samplesUsed()).isGreaterThan(1000);

        // with the estimate applied, GNSS speed (m/s) matches CAN speed (km/h) while accelerating
        AlignedSource gnssSource = new AlignedSource("gnss", estimate.offsetNanos(), () -> SampleStreams.csv("gnss",
                new StringReader(gnss.toString()), gnssMapping));
        AlignedWindow w = new TimeAligner(List.of(canSource, gnssSource), Map.of(), Duration.ofMillis(500))
                .align(START + 4_000_000_000L, START + 8_000_000_000L, 10,
                        Set.of("can/VehicleDynamics.VehicleSpeed", "gnss/gnss.speed"), 100);
        assertThat(w.frames()).allSatisfy(f -> assertThat((double) f.values().get("gnss/gnss.speed") * 3.6)
                .isCloseTo((double) f.values().get("can/VehicleDynamics.VehicleSpeed"), within(0.6)));
    }

    @Test
    void aKnownShiftOfASineIsFoundToWithinASamplePeriodInBothDirections() {
        for (long shift : new long[] {-730_000_000L, 0, 420_000_000L}) {
            Iterator<Sample> ref = IntStream.range(0, 2000).mapToObj(i -> new Sample("a", START + i * 10_000_000L,
                    Math.sin(i * 0.01 * 1.3) + Math.sin(i * 0.01 * 0.31))).iterator();
            // other's clock is ahead by `shift`: the offset to add is -shift
            Iterator<Sample> other = IntStream.range(0, 200).mapToObj(i -> new Sample("b",
                    START + i * 100_000_000L + shift, Math.sin(i * 0.1 * 1.3) + Math.sin(i * 0.1 * 0.31))).iterator();

            ClockOffsetEstimator.OffsetEstimate e = ClockOffsetEstimator.estimate(ref, other, Duration.ofSeconds(1), 10);

            assertThat(e.offsetNanos()).as("shift %d", shift).isCloseTo(-shift, within(GNSS_PERIOD));
        }
    }

    @Test
    void aConstantSignalOrAShortOverlapIsRejectedWithTheReason() {
        List<Sample> flat = IntStream.range(0, 500).mapToObj(i -> new Sample("a", START + i * 10_000_000L, 3.0)).toList();
        List<Sample> wave = IntStream.range(0, 500).mapToObj(i -> new Sample("b", START + i * 10_000_000L,
                Math.sin(i / 10.0))).toList();

        assertThatThrownBy(() -> ClockOffsetEstimator.estimate(flat.iterator(), wave.iterator(), Duration.ofMillis(500), 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference signal is constant");
        assertThatThrownBy(() -> ClockOffsetEstimator.estimate(wave.iterator(), wave.subList(0, 30).iterator(),
                Duration.ofMillis(500), 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap by");
        assertThatThrownBy(() -> ClockOffsetEstimator.estimate(wave.iterator(), List.<Sample>of().iterator(),
                Duration.ofMillis(500), 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 numeric samples");
    }
}
