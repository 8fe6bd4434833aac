package io.fleetloop.platform.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Instants read by the application's ObjectMapper with the UTC fast path: the same values and errors as Jackson's own. */
class InstantJsonTest {

    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final ObjectMapper OURS = JsonMapper.builder().addModule(new JavaTimeModule()).addModule(new InstantJson().utcInstants()).build();

    record Holder(Instant at, List<Instant> more) {
    }

    private static String outcome(ObjectMapper mapper, String json) {
        try {
            return String.valueOf(mapper.readValue(json, Holder.class));
        } catch (Exception e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> instants = Arbitraries.longs().between(-62_000_000_000L, 253_000_000_000L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> "\"" + Instant.ofEpochSecond(s, n) + "\""));
        Arbitrary<String> others = Arbitraries.of("\"2026-12-06T00:52:30.123+02:00\"", "\"2026-02-30T00:00:00Z\"",
                "\"2026-12-06T24:00:00Z\"", "\"2026-12-06t00:52:30z\"", "\" 2026-12-06T00:52:30Z \"", "\"\"", "null",
                "1733443950", "1733443950.123456789", "-5", "\"2026-12-06T00:52:30.1234567891Z\"", "\"+12026-12-06T00:52:30Z\"",
                "\"2026-12-06T00:52:30.Z\"", "\"2026-12-06\"", "true", "{}", "[]");
        return Arbitraries.oneOf(instants, others);
    }

    @Property(tries = 2000)
    void readsEveryValueAsJacksonReadsIt(@ForAll("values") String value, @ForAll("values") String listed) {
        String json = "{\"at\":" + value + ",\"more\":[" + listed + "]}";
        assertThat(outcome(OURS, json)).isEqualTo(outcome(JACKSON, json));
    }

    @Test
    void theApplicationsObjectMapperUsesTheFastPathAndStillReadsOffsets() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(InstantJson.class).run(context -> {
                    ObjectMapper mapper = context.getBean(ObjectMapper.class);
                    assertThat(mapper.readValue("\"2026-12-06T00:52:30.123Z\"", Instant.class)).isEqualTo(Instant.parse("2026-12-06T00:52:30.123Z"));
                    assertThat(mapper.readValue("\"2026-12-06T02:52:30+02:00\"", Instant.class)).isEqualTo(Instant.parse("2026-12-06T00:52:30Z"));
                    DefaultDeserializationContext reading = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                            .createInstance(mapper.getDeserializationConfig(), null, null);
                    assertThat(reading.findRootValueDeserializer(mapper.constructType(Instant.class)))
                            .as("ours, not JavaTimeModule's").isInstanceOf(InstantJson.UtcInstantDeserializer.class);
                });
    }
}
