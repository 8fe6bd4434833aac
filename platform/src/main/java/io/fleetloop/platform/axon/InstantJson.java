package io.fleetloop.platform.axon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Instant;

/**
 * JSON instants in UTC ({@code 2026-12-06T00:52:30.123Z}, as every event and response here writes them) are read
 * without a {@code DateTimeFormatter} ({@link StoredTimestamps#utc}); every other form (numbers, offsets, other
 * shapes, errors) goes to Jackson's own {@link InstantDeserializer}, so the result is the same. The application's
 * {@code ObjectMapper} carries it, and with it the event serializer: in a replay's profile, instants in event payloads
 * were a tenth of the deserialization.
 */
@Configuration(proxyBeanMethods = false)
class InstantJson {

    @Bean
    Module utcInstants() {
        return new SimpleModule("fleetloop-utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer());
    }

    static final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> {

        UtcInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = StoredTimestamps.utc(parser.getText());
                if (instant != null) return instant;
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
