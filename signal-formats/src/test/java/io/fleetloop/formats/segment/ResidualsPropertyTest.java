package io.fleetloop.formats.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Any column of longs round-trips exactly through every predictor and coding, including the rANS coder. */
class ResidualsPropertyTest {

    @Provide
    Arbitrary<List<Long>> columns() {
        Arbitrary<Long> any = Arbitraries.longs();
        Arbitrary<Long> small = Arbitraries.longs().between(-40, 40);
        Arbitrary<Long> edges = Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L << 62, -(1L << 62));
        return Arbitraries.frequencyOf(Tuple.of(8, small), Tuple.of(1, any), Tuple.of(1, edges)).list().ofMaxSize(600);
    }

    @Property(tries = 300)
    void anyColumnRoundTrips(@ForAll("columns") List<Long> values, @ForAll @IntRange(min = 0, max = 5) int predictor,
                              @ForAll boolean cumulative)
            throws Exception {
        long[] x = values.stream().mapToLong(Long::longValue).toArray();
        if (cumulative) { // a random walk: small residuals for the predictors, wrapping where the steps are extreme
            for (int i = 1; i < x.length; i++) {
                x[i] += x[i - 1];
            }
        }
        for (int coding : new int[] {Residuals.RICE, Residuals.RANGE, Residuals.RANS}) {
            ByteOut out = new ByteOut();
            Residuals.write(Residuals.residuals(x, x.length, predictor), x.length, coding, out);
            byte[] b = out.toByteArray();
            ByteIn in = new ByteIn(b, 0, b.length, 0, "property");
            assertThat(Residuals.read(in, x.length, predictor, coding)).isEqualTo(Arrays.copyOf(x, x.length));
        }
    }
}
