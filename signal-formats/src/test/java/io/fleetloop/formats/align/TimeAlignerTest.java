package io.fleetloop.formats.align;

import static io.fleetloop.formats.align.Recordings.MS;
import static io.fleetloop.formats.align.Recordings.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeAlignerTest {

    private static final Duration MAX_GAP = Duration.ofMillis(200);

    private static AlignedFrame at(AlignedWindow w, long offsetMs) {
        return w.frames().stream().filter(f -> f.timestampNanos() == T0 + offsetMs * MS).findFirst().orElseThrow();
    }

    @Test
    void sourcesOfDifferentFormatsAndRatesMeetOnOneTimelineEachByItsPolicy() {
        TimeAligner aligner = new TimeAligner(List.of(Recordings.can(Recordings.candump100Hz()), Recordings.gnss(0),
                Recordings.perception(), Recordings.camera(), Recordings.gear()), Map.of(), MAX_GAP);

        AlignedWindow w = aligner.align(T0, T0 + 1_000 * MS, 40, Set.of(), 1000);

        assertThat(w.frames()).hasSize(40);
        assertThat(w.frames().get(1).timestampNanos()).isEqualTo(T0 + 25 * MS);
        assertThat(w.channels()).containsExactly("body/gear", "camera/front", "can/Dyn.Speed", "gnss/speed",
                "perception/perception.objects");
        assertThat(w.policies()).containsEntry("can/Dyn.Speed", Interpolation.LINEAR)
                .containsEntry("gnss/speed", Interpolation.LINEAR)
                .containsEntry("body/gear", Interpolation.HOLD)
                .containsEntry("camera/front", Interpolation.NEAREST)
                .containsEntry("perception/perception.objects", Interpolation.NEAREST);

        // LINEAR: CAN between 20 ms (1.0) and 30 ms (1.5); GNSS between 0 ms (0) and 100 ms (1)
        AlignedFrame f25 = at(w, 25);
        assertThat((double) f25.values().get("can/Dyn.Speed")).isCloseTo(1.25, within(1e-9));
        assertThat((double) f25.values().get("gnss/speed")).isCloseTo(0.25, within(1e-9));
        AlignedFrame f475 = at(w, 475);
        assertThat((double) f475.values().get("can/Dyn.Speed")).isCloseTo(23.75, within(1e-9));
        assertThat((double) f475.values().get("gnss/speed")).isCloseTo(4.75, within(1e-9));
        // HOLD: the previous text until the next one arrives
        assertThat(at(w, 175).values().get("body/gear")).isEqualTo("P");
        assertThat(at(w, 300).values().get("body/gear")).isEqualTo("D");
        // NEAREST: frames 5 ms after each 100 ms; JSON objects at each 100 ms (a tie goes to the earlier one)
        assertThat(((FrameRef) at(w, 50).values().get("camera/front")).timestampNanos()).isEqualTo(T0 + 5 * MS);
        assertThat(((FrameRef) at(w, 75).values().get("camera/front")).timestampNanos()).isEqualTo(T0 + 105 * MS);
        assertThat(((JsonNode) at(w, 25).values().get("perception/perception.objects")).get("n").asInt()).isZero();
        assertThat(((JsonNode) at(w, 50).values().get("perception/perception.objects")).get("n").asInt()).isZero();
        assertThat(((JsonNode) at(w, 75).values().get("perception/perception.objects")).get("n").asInt()).isEqualTo(1);
        // past GNSS's last sample (900 ms): no successor to interpolate towards, so no value
        assertThat(at(w, 925).values()).doesNotContainKey("gnss/speed").containsKey("can/Dyn.Speed");
        // HOLD is bounded by maxGap: 200 ms after "D" (300 ms) without a new sample, the hold ends
        assertThat(at(w, 550).values()).doesNotContainKey("body/gear");
        assertThat(w.sources()).extracting(SourceReport::name)
                .containsExactly("can", "gnss", "perception", "camera", "body");
        assertThat(w.sources()).allSatisfy(r -> {
            assertThat(r.failed()).isFalse();
            assertThat(r.errors()).isEmpty();
            assertThat(r.samplesUsed()).isPositive().isLessThanOrEqualTo(r.samplesRead());
        });
    }

    @Test
    void theClockOffsetIsAddedToTheSourcesTimestamps() {
        TimeAligner aligner = new TimeAligner(List.of(Recordings.gnss(50 * MS)), Map.of(), MAX_GAP);

        AlignedWindow w = aligner.align(T0, T0 + 500 * MS, 20, Set.of(), 100);

        assertThat(at(w, 0).values()).doesNotContainKey("gnss/speed"); // first sample now at 50 ms
        assertThat((double) at(w, 50).values().get("gnss/speed")).isCloseTo(0.0, within(1e-9));
        assertThat((double) at(w, 100).values().get("gnss/speed")).isCloseTo(0.5, within(1e-9));
        assertThat((double) at(w, 150).values().get("gnss/speed")).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void anOverrideChangesAChannelsPolicyAndChannelsSelectTheOutput() {
        TimeAligner aligner = new TimeAligner(List.of(Recordings.can(Recordings.candump100Hz()), Recordings.gnss(0)),
                Map.of("gnss/speed", Interpolation.HOLD), MAX_GAP);

        AlignedWindow w = aligner.align(T0, T0 + 200 * MS, 40, Set.of("gnss/speed"), 100);

        assertThat(w.channels()).containsExactly("gnss/speed");
        assertThat(w.policies()).containsOnlyKeys("gnss/speed").containsEntry("gnss/speed", Interpolation.HOLD);
        assertThat(at(w, 75).values()).containsOnly(Map.entry("gnss/speed", 0.0));
        assertThat(at(w, 100).values()).containsOnly(Map.entry("gnss/speed", 1.0));
    }

    @Test
    void aWindowLargerThanTheLimitIsRejectedNamingTheLimit() {
        TimeAligner aligner = new TimeAligner(List.of(Recordings.gnss(0)), Map.of(), MAX_GAP);

        assertThatThrownBy(() -> aligner.align(T0, T0 + 10_000 * MS, 100, Set.of(), 500))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000 frames").hasMessageContaining("limit of 500 frames");
        assertThatThrownBy(() -> aligner.align(T0, T0, 100, Set.of(), 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reversed");
        assertThatThrownBy(() -> aligner.align(T0 + MS, T0, 100, Set.of(), 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reversed");
        assertThatThrownBy(() -> aligner.align(T0, T0 + MS, 0, Set.of(), 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rateHz");
    }

    @Test
    void aSourceThatCannotBeOpenedIsReportedAndTheOthersStillAlign() {
        AlignedSource broken = new AlignedSource("broken", 0, () -> {
            throw new IllegalStateException("object store unreachable");
        });
        TimeAligner aligner = new TimeAligner(List.of(broken, Recordings.gnss(0)), Map.of(), MAX_GAP);

        AlignedWindow w = aligner.align(T0, T0 + 200 * MS, 10, Set.of(), 100);

        assertThat((double) at(w, 100).values().get("gnss/speed")).isEqualTo(1.0);
        SourceReport report = w.sources().get(0);
        assertThat(report.failed()).isTrue();
        assertThat(report.samplesRead()).isZero();
        assertThat(report.errors()).extracting(SourceError::reason).singleElement().asString()
                .contains("object store unreachable");
    }

    @Test
    void aSourceThatBreaksMidWayEndsWithItsPositionAndTheOthersGoOn() {
        Iterator<Sample> breaking = new Iterator<>() {
            int i;

            public boolean hasNext() {
                if (i == 3) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("connection reset"));
                }
                return true;
            }

            public Sample next() {
                return new Sample("x", T0 + i++ * 100 * MS, 1.0);
            }
        };
        TimeAligner aligner = new TimeAligner(List.of(Recordings.of("flaky", breaking), Recordings.gnss(0)), Map.of(),
                MAX_GAP);

        AlignedWindow w = aligner.align(T0, T0 + 800 * MS, 10, Set.of(), 100);

        assertThat(at(w, 100).values()).containsKey("flaky/x");
        assertThat(at(w, 500).values()).doesNotContainKey("flaky/x").containsKey("gnss/speed");
        SourceReport flaky = w.sources().get(0);
        assertThat(flaky.failed()).isTrue();
        assertThat(flaky.samplesRead()).isEqualTo(3);
        assertThat(flaky.errors()).singleElement().satisfies(e -> {
            assertThat(e.unit()).isEqualTo(SourceError.Unit.RECORD);
            assertThat(e.position()).isEqualTo(4);
            assertThat(e.reason()).contains("connection reset");
        });
    }

    @Test
    void slightlyOutOfOrderSamplesAreReorderedAndFarOutOfOrderOnesDroppedAndReported() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 100; i += 2) { // pairs swapped: 10 ms out of order
            samples.add(new Sample("v", T0 + (i + 1) * 10 * MS, (double) (i + 1)));
            samples.add(new Sample("v", T0 + i * 10 * MS, (double) i));
        }
        samples.add(new Sample("v", T0 + 10 * MS, -1.0)); // 980 ms late
        samples.add(new Sample("v", T0 + 1_000 * MS, 100.0));
        TimeAligner aligner = new TimeAligner(List.of(Recordings.of("jittery", samples.iterator())), Map.of(), MAX_GAP);

        AlignedWindow w = aligner.align(T0, T0 + 1_000 * MS, 200, Set.of(), 1000);

        assertThat(w.frames()).allSatisfy(f -> assertThat((double) f.values().get("jittery/v"))
                .isCloseTo((f.timestampNanos() - T0) / 10.0 / MS, within(1e-9)));
        SourceReport report = w.sources().get(0);
        assertThat(report.samplesRead()).isEqualTo(102);
        assertThat(report.errors()).extracting(SourceError::reason).anySatisfy(r -> assertThat(r)
                .contains("ms older than samples already aligned").contains("dropped"));
        assertThat(report.errors()).extracting(SourceError::reason).anySatisfy(r -> assertThat(r)
                .contains("50 samples out of time order by up to 10.0 ms were put back in order"));
    }

    @Test
    void anHourLongLazilyGeneratedSourceAlignsWithBoundedBuffers() {
        long hour = 3_600_000 * MS;
        long step = MS; // 1 kHz, three channels: 10.8 million samples, never held together
        Iterator<Sample> lazy = new Iterator<>() {
            long k;

            public boolean hasNext() {
                return k < 3 * (hour / step + 1);
            }

            public Sample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long i = k / 3;
                int c = (int) (k++ % 3);
                long t = T0 + i * step;
                return switch (c) {
                    case 0 -> new Sample("ramp", t, (double) i);
                    case 1 -> new Sample("state", t, (i / 1000) % 2 == 0 ? "even" : "odd");
                    default -> new Sample("blob", t, new FrameRef("f" + i, t, 1, "bin"));
                };
            }
        };
        TimeAligner aligner = new TimeAligner(List.of(Recordings.of("synthetic", lazy)), Map.of(), MAX_GAP);

        int frames = 0;
        int maxBuffered = 0;
        try (AlignedStream stream = aligner.stream(T0, T0 + hour, 1, Set.of())) {
            while (stream.hasNext()) {
                AlignedFrame f = stream.next();
                long second = (f.timestampNanos() - T0) / 1_000_000_000L;
                assertThat((double) f.values().get("synthetic/ramp")).isEqualTo(second * 1000.0);
                assertThat(f.values().get("synthetic/state")).isEqualTo(second % 2 == 0 ? "even" : "odd");
                assertThat(((FrameRef) f.values().get("synthetic/blob")).path()).isEqualTo("f" + second * 1000);
                maxBuffered = Math.max(maxBuffered, stream.bufferedSamples());
                frames++;
            }
            assertThat(stream.reports().get(0).samplesRead()).isGreaterThan(10_000_000L);
        }
        assertThat(frames).isEqualTo(3600);
        // the reorder buffer (at most REORDER_MAX_SAMPLES) plus a few samples per channel
        assertThat(maxBuffered).isLessThanOrEqualTo(AlignedStream.REORDER_MAX_SAMPLES + 3 * 4);
    }
}
