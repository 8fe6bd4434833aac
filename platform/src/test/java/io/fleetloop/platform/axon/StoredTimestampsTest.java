package io.fleetloop.platform.axon;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.common.DateTimeUtils;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's timestamps read without a formatter give exactly what Axon's own parse gives, for any text. */
class StoredTimestampsTest {

    @Provide
    Arbitrary<Instant> instants() {
        // Year 0000 to 9999 at any millisecond (what Axon writes), and any nanosecond (what it would write if asked).
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        return Arbitraries.longs().between(from, to).flatMap(second -> Arbitraries.integers().between(0, 999_999_999)
                .map(nano -> Instant.ofEpochSecond(second, nano)));
    }

    @Property(tries = 3000)
    void whatAxonWritesReadsBackAsAxonReadsIt(@ForAll("instants") Instant instant) {
        String stored = DateTimeUtils.formatInstant(instant);
        assertThat(StoredTimestamps.parse(stored)).isEqualTo(DateTimeUtils.parseInstant(stored));
    }

    @Property(tries = 3000)
    void writesWhatAxonWrites(@ForAll("instants") Instant instant) {
        assertThat(StoredTimestamps.format(instant)).isEqualTo(DateTimeUtils.formatInstant(instant));
    }

    @Property(tries = 500)
    void writesYearsBeyondFourDigitsAsAxonDoesOrFailsAsItFails(@ForAll("anyInstants") Instant instant) {
        assertThat(written(() -> StoredTimestamps.format(instant))).isEqualTo(written(() -> DateTimeUtils.formatInstant(instant)));
    }

    private static String written(java.util.function.Supplier<String> format) {
        try {
            return format.get();
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }

    @Provide
    Arbitrary<Instant> anyInstants() {
        return Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .flatMap(second -> Arbitraries.integers().between(0, 999_999_999).map(nano -> Instant.ofEpochSecond(second, nano)))
                .edgeCases(edges -> edges.add(Instant.parse("0000-01-01T00:00:00Z")).add(Instant.parse("9999-12-31T23:59:59.999999999Z"))
                        .add(Instant.parse("-0001-12-31T23:59:59.999Z")).add(Instant.parse("+10000-01-01T00:00:00Z"))
                        .add(Instant.MIN).add(Instant.MAX));
    }

    @Property(tries = 1000)
    void otherIsoShapesGoToAxonsParse(@ForAll("instants") Instant instant) {
        String iso = instant.toString(); // 0, 3, 6 or 9 fraction digits
        assertThat(StoredTimestamps.parse(iso)).isEqualTo(DateTimeUtils.parseInstant(iso));
        String offset = instant.atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertThat(StoredTimestamps.parse(offset)).isEqualTo(DateTimeUtils.parseInstant(offset));
    }

    @Property(tries = 2000)
    void anyFractionLengthReadsAsAxonReadsIt(@ForAll("instants") Instant instant, @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9) int digits) {
        String whole = instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String nanos = String.format("%09d", instant.getNano());
        String text = digits == 0 ? whole : whole.substring(0, whole.length() - 1) + "." + nanos.substring(0, digits) + "Z";
        assertThat(StoredTimestamps.utc(text)).isNotNull().isEqualTo(DateTimeUtils.parseInstant(text));
    }

    @Property(tries = 2000)
    void anyTwentyFourCharactersReadAsAxonReadsThemOrFailAsItFails(@ForAll("nearlyTimestamps") String text) {
        Instant axon;
        try {
            axon = DateTimeUtils.parseInstant(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> StoredTimestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(StoredTimestamps.parse(text)).isEqualTo(axon);
    }

    @Provide
    Arbitrary<String> nearlyTimestamps() {
        // Digits where digits go, with every field's range overshooting (month 13, day 31 in short months, hour 24,
        // second 60), and now and then any character anywhere.
        Arbitrary<String> fields = Arbitraries.integers().between(0, 9999).flatMap(year -> Arbitraries.integers().between(0, 13)
                .flatMap(month -> Arbitraries.integers().between(0, 32).flatMap(day -> Arbitraries.integers().between(0, 24)
                        .flatMap(hour -> Arbitraries.integers().between(0, 60).map(minuteSecond -> String.format(
                                "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day, hour, minuteSecond % 61,
                                (minuteSecond * 7) % 61, (year * 31 + day) % 1000))))));
        return fields.flatMap(text -> Arbitraries.integers().between(0, 40).flatMap(position -> Arbitraries.chars().ascii()
                .map(c -> position < text.length() && position % 3 == 0
                        ? text.substring(0, position) + c + text.substring(position + 1) : text)));
    }
}
