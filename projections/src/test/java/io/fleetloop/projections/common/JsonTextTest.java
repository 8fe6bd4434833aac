package io.fleetloop.projections.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's text values written by hand are what Jackson and {@code Instant.toString()} write. */
class JsonTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<Map<String, String>> attributes() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("\"\\/\n\r\t\b\f\u0000\u001f\u007f\u2028é漢😀 ").ofMaxLength(12));
        return Arbitraries.maps(text, text.injectNull(0.05)).ofMaxSize(6).map(LinkedHashMap::new);
    }

    @Property(tries = 3000)
    void anObjectOfStringsIsWhatJacksonWrites(@ForAll("attributes") Map<String, String> attributes) throws Exception {
        assertThat(JsonText.object(attributes)).isEqualTo(JSON.writeValueAsString(attributes));
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(n -> n * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(n -> n * 1_000), Arbitraries.integers().between(0, 999_999_999));
        return Arbitraries.longs().between(-70_000_000_000L, 260_000_000_000L)
                .flatMap(seconds -> nanos.map(nano -> Instant.ofEpochSecond(seconds, nano)));
    }

    @Property(tries = 3000)
    void anInstantIsWhatInstantToStringWrites(@ForAll("instants") Instant instant) {
        assertThat(JsonText.instant(instant)).isEqualTo(instant.toString());
    }
}
