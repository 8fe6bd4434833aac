package io.fleetloop.formats.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualsTest {

    private static long[] column(Random r, int n, int shape) {
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (shape) {
                case 0 -> 1000;                                                          // constant
                case 1 -> Math.round(3000 * Math.sin(i / 50.0) + r.nextGaussian() * 10); // smooth + noise
                case 2 -> i % 16;                                                        // rolling counter
                case 3 -> r.nextLong();                                                  // anything
                case 4 -> i % 2 == 0 ? Long.MAX_VALUE : Long.MIN_VALUE;                  // wrapping extremes
                default -> Math.round(r.nextGaussian() * 1e6);
            };
        }
        return x;
    }

    @Test
    void everyPredictorAndCodingRoundTripsAnyLongs() throws Exception {
        Random r = new Random(7);
        for (int shape = 0; shape < 6; shape++) {
            for (int n : new int[] {0, 1, 2, 63, 64, 65, 1000}) {
                long[] x = column(r, n, shape);
                for (int p = 0; p < Residuals.PREDICTORS; p++) {
                    for (int coding : new int[] {Residuals.VARINT, Residuals.RICE, Residuals.RANGE, Residuals.RANS}) {
                        ByteOut out = new ByteOut();
                        Residuals.write(Residuals.residuals(x, n, p), n, coding, out);
                        byte[] b = out.toByteArray();
                        ByteIn in = new ByteIn(b, 0, b.length, 0, "test");
                        assertThat(Residuals.read(in, n, p, coding)).as("shape %d n %d p %d c %d", shape, n, p, coding)
                                .isEqualTo(Arrays.copyOf(x, n));
                        assertThat(in.atEnd()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void noisyContinuousSignalsGetAnAveragingPredictorAndRiceCodesCountersALinearOneAndVarints() {
        Random r = new Random(3);
        long[] noisy = column(r, 5000, 1);
        int p = Residuals.choosePredictor(noisy, noisy.length);
        assertThat(p).isIn(3, 4, 5);
        long[] z = Residuals.residuals(noisy, noisy.length, p);
        assertThat(Residuals.chooseCoding(z, z.length)).isEqualTo(Residuals.RICE);
        ByteOut out = new ByteOut();
        Residuals.write(z, z.length, Residuals.RICE, out);
        // σ = 10 LSB: entropy log2(10·sqrt(2πe)) = 6.37 bits; a delta's residual alone would need 6.87
        assertThat(out.size() * 8.0 / z.length).isLessThan(6.8);
        long[] counter = column(r, 5000, 2);
        int counterPredictor = Residuals.choosePredictor(counter, counter.length);
        assertThat(counterPredictor).isEqualTo(1); // linear: exact but at the wrap
        assertThat(Residuals.chooseCoding(Residuals.residuals(counter, 5000, 1), 5000)).isEqualTo(Residuals.VARINT);
        long[] constant = column(r, 5000, 0);
        assertThat(Residuals.chooseCoding(Residuals.residuals(constant, 5000, 0), 5000)).isEqualTo(Residuals.VARINT);
    }

    @Test
    void rangeCodingSpendsLessThanRiceCodesOnNoiseAndIsRefusedTruncatedOrOverlong() throws Exception {
        Random r = new Random(9);
        for (double sigma : new double[] {1, 3, 10}) {
            long[] x = new long[20_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(2000 * Math.sin(i / 400.0) + r.nextGaussian() * sigma);
            }
            int p = Residuals.choosePredictor(x, x.length);
            long[] z = Residuals.residuals(x, x.length, p);
            ByteOut rice = new ByteOut(), range = new ByteOut();
            Residuals.write(z, z.length, Residuals.RICE, rice);
            Residuals.write(z, z.length, Residuals.RANGE, range);
            assertThat(range.size()).as("σ %s: range-coded vs Rice bytes", sigma).isLessThan(rice.size());
            byte[] b = range.toByteArray();
            assertThat(Residuals.read(new ByteIn(b, 0, b.length, 0, "test"), x.length, p, Residuals.RANGE))
                    .isEqualTo(x);
            assertThatThrownBy(() -> Residuals.read(new ByteIn(b, 0, b.length - 3, 0, "test"), x.length, p,
                    Residuals.RANGE)).isInstanceOf(SegmentFormatException.class).hasMessageContaining("truncated");
            byte[] longer = Arrays.copyOf(b, b.length + 1);
            assertThatThrownBy(() -> Residuals.read(new ByteIn(longer, 0, longer.length, 0, "test"), x.length, p,
                    Residuals.RANGE)).isInstanceOf(SegmentFormatException.class).hasMessageContaining("longer");
        }
    }

    @Test
    void ransCodingIsAsSmallAsRangeCodingAndIsRefusedTruncatedOrOverlong() throws Exception {
        Random r = new Random(19);
        for (double sigma : new double[] {1, 3, 20, 1e6}) {
            long[] x = new long[20_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(2000 * Math.sin(i / 400.0) + r.nextGaussian() * sigma * (1 + (i / 5000) % 2));
            }
            int p = Residuals.choosePredictor(x, x.length);
            long[] z = Residuals.residuals(x, x.length, p);
            ByteOut range = new ByteOut(), rans = new ByteOut();
            Residuals.write(z, z.length, Residuals.RANGE, range);
            Residuals.write(z, z.length, Residuals.RANS, rans);
            // static tables per column: within a few percent of the adaptive coder even where the noise level changes
            assertThat(rans.size()).as("σ %s: rANS vs range-coded bytes", sigma).isLessThan(range.size() * 103 / 100);
            byte[] b = rans.toByteArray();
            assertThat(Residuals.read(new ByteIn(b, 0, b.length, 0, "test"), x.length, p, Residuals.RANS))
                    .isEqualTo(x);
            for (int cut : new int[] {1, 3, b.length / 2, b.length - 1}) {
                assertThatThrownBy(() -> Residuals.read(new ByteIn(b, 0, b.length - cut, 0, "test"), x.length, p,
                        Residuals.RANS)).isInstanceOf(SegmentFormatException.class).hasMessageContaining("truncated");
            }
            byte[] longer = Arrays.copyOf(b, b.length + 1);
            assertThatThrownBy(() -> Residuals.read(new ByteIn(longer, 0, longer.length, 0, "test"), x.length, p,
                    Residuals.RANS)).isInstanceOf(SegmentFormatException.class).hasMessageContaining("longer");
            assertThatThrownBy(() -> Residuals.read(new ByteIn(b, 0, b.length, 0, "test"), x.length + 1, p,
                    Residuals.RANS)).isInstanceOf(SegmentFormatException.class);
        }
    }

    @Test
    void theRansEncodersReciprocalDivisionIsExact() {
        Random r = new Random(31);
        for (int f = 1; f <= Rans.SCALE; f++) {
            long m = Rans.reciprocal(f);
            for (int trial = 0; trial < 2000; trial++) {
                int x = switch (trial) {
                    case 0 -> Integer.MAX_VALUE;
                    case 1 -> 0;
                    case 2 -> f * (Integer.MAX_VALUE / f);
                    case 3 -> f * (Integer.MAX_VALUE / f) - 1;
                    default -> trial % 2 == 0 ? r.nextInt(Integer.MAX_VALUE) : (1 << 23) + r.nextInt(1 << 20);
                };
                assertThat((int) ((x * (m >>> 8)) >>> (m & 0xFF))).as("%d / %d", x, f).isEqualTo(x / f);
            }
        }
    }

    @Test
    void aCorruptRansColumnIsRefusedOrDecodesToSomeValuesButNeverFailsOtherwise() {
        Random r = new Random(23);
        long[] x = column(r, 3000, 1);
        ByteOut out = new ByteOut();
        Residuals.write(Residuals.residuals(x, x.length, 3), x.length, Residuals.RANS, out);
        byte[] b = out.toByteArray();
        int refused = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = b.clone();
            for (int k = 0; k <= trial % 3; k++) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
            }
            try {
                assertThat(Residuals.read(new ByteIn(bad, 0, bad.length, 0, "test"), x.length, 3, Residuals.RANS))
                        .hasSize(x.length);
            } catch (SegmentFormatException e) {
                refused++;
            }
        }
        // the states must end where the encoder started: almost any damage to the tables or the stream is noticed
        assertThat(refused).isGreaterThan(1000);
    }

    @Test
    void aTruncatedOrOverlongRiceColumnIsRefused() {
        long[] x = column(new Random(5), 300, 5);
        ByteOut out = new ByteOut();
        Residuals.write(Residuals.residuals(x, 300, 3), 300, Residuals.RICE, out);
        byte[] b = out.toByteArray();
        assertThatThrownBy(() -> Residuals.read(new ByteIn(b, 0, b.length / 2, 0, "test"), 300, 3, Residuals.RICE))
                .isInstanceOf(SegmentFormatException.class).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(b, b.length + 2);
        assertThatThrownBy(() -> Residuals.read(new ByteIn(longer, 0, longer.length, 0, "test"), 300, 3, Residuals.RICE))
                .isInstanceOf(SegmentFormatException.class).hasMessageContaining("longer");
        assertThatThrownBy(() -> Residuals.read(new ByteIn(b, 0, b.length, 0, "test"), 300, 9, Residuals.RICE))
                .isInstanceOf(SegmentFormatException.class).hasMessageContaining("predictor");
    }

    @Test
    void aNoisyDriveRoundTripsThroughTheSegmentBitForBit() throws Exception {
        DbcFile dbc = SyntheticDrive.dbcFile();
        List<Sample> samples = new ArrayList<>();
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            long t = 1_700_000_000_000_000_000L + i * 10_000_000L;
            samples.add(new Sample("VehicleDynamics.LongAccel", t, Math.round(500 * Math.sin(i / 300.0) + r.nextGaussian() * 10) * 0.001));
            samples.add(new Sample("WheelSpeeds.WheelSpeedFL", t, Math.round(7200 + r.nextGaussian() * 3) * 0.01));
            samples.add(new Sample("imu.ax", t, Math.round(r.nextGaussian() * 200) / 10_000.0));
            samples.add(new Sample("Steering.SteeringCounter", t, (double) (i & 15)));
        }
        byte[] segment = new SegmentWriter().dbc(dbc).write(samples);
        assertThat(new SegmentReader().read(segment)).isEqualTo(samples);
    }
}
