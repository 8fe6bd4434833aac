package io.fleetloop.platform.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Metadata read by our reader: the same {@link MetaData} (values and their Java types) or the same error as Axon's own. */
class MetaDataJsonTest {

    private static final JacksonSerializer AXONS = JacksonSerializer.builder().objectMapper(JsonMapper.builder().build()).build();
    private static final JacksonSerializer OURS = withOurs();

    private static JacksonSerializer withOurs() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder().build()).build();
        return (JacksonSerializer) MetaDataJson.metaDataReaderAfterAxons().postProcessAfterInitialization(serializer, "eventSerializer");
    }

    private static String outcome(JacksonSerializer serializer, String json) {
        SerializedObject<byte[]> stored = new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class,
                new SimpleSerializedType(MetaData.class.getName(), null));
        try {
            MetaData read = serializer.deserialize(stored);
            StringBuilder typed = new StringBuilder();
            new TreeMap<>(read).forEach((k, v) -> typed.append(k).append('=').append(v)
                    .append(':').append(v == null ? "null" : v.getClass().getName()).append(';'));
            return typed.toString();
        } catch (Exception e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE), BigInteger.TEN.pow(30)).map(b -> (Object) b),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b)).injectNull(0.1);
        Arbitrary<Object> nested = Arbitraries.oneOf(
                scalars.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), scalars).ofMaxSize(3).map(m -> (Object) m));
        return Arbitraries.frequencyOf(Tuple.of(6, scalars), Tuple.of(1, nested));
    }

    @Provide
    Arbitrary<Map<String, Object>> metaData() {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(12), values()).ofMaxSize(8).map(HashMap::new);
    }

    @Property(tries = 1000)
    void readsWhatAxonWroteAsAxonReadsIt(@ForAll("metaData") Map<String, Object> items) {
        String json = new String(AXONS.serialize(MetaData.from(items), byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(outcome(OURS, json)).isEqualTo(outcome(AXONS, json));
    }

    @Property(tries = 300)
    void readsOtherDocumentsAsAxonReadsThem(@ForAll("documents") String json) {
        assertThat(outcome(OURS, json)).isEqualTo(outcome(AXONS, json));
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.of("{}", "null", "[]", "\"\"", "1", "{\"a\":", "{\"a\":1,\"a\":2}", "{\"a\":null}", "{\"a\":[1,{\"b\":[]}]}",
                "{\"traceId\":\"t\",\"n\":1.5e300,\"big\":123456789012345678901234567890}", "[{\"a\":1}]", "{\"a\":1}}", "{a:1}");
    }

    @Test
    void theSerializersMapperReadsMetaDataWithOurReader() throws Exception {
        ObjectMapper mapper = OURS.getObjectMapper();
        DefaultDeserializationContext reading = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        assertThat(reading.findRootValueDeserializer(mapper.constructType(MetaData.class)))
                .as("ours, registered after Axon's").isInstanceOf(MetaDataJson.MetaDataReader.class);
        assertThat(outcome(OURS, "{\"correlationId\":\"c\",\"tenant\":\"t1\",\"attempt\":2,\"tags\":[\"a\"]}"))
                .isEqualTo("attempt=2:java.lang.Integer;correlationId=c:java.lang.String;tags=[a]:java.util.ArrayList;tenant=t1:java.lang.String;");
        assertThat(List.of(outcome(OURS, "{}"))).containsExactly("");
    }
}
