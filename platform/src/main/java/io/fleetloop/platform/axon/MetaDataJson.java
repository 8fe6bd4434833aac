package io.fleetloop.platform.axon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.json.MetaDataDeserializer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Message metadata read without Axon's per-message lookup. Axon's {@code MetaDataDeserializer} builds the
 * {@code Map<String, Object>} type and looks up its deserializer for every message it reads; in a replay's profile
 * that lookup was about a fifth of the read-ahead thread. {@link MetaDataReader} looks up Jackson's value
 * deserializer once per mapper, reads text values itself and hands every other value (numbers, booleans, nested
 * objects and arrays) to that deserializer, as Axon's map reading does; a document that is not an object goes to
 * Axon's way whole. The result is the same {@link MetaData}.
 * <p>
 * Axon's serializers register their module on the application's {@code ObjectMapper} when they are built; this one
 * is registered on the same mapper after them (a module registered later wins), by a post-processor of the
 * serializer beans.
 */
@Configuration(proxyBeanMethods = false)
class MetaDataJson {

    @Bean
    static BeanPostProcessor metaDataReaderAfterAxons() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JacksonSerializer serializer) register(serializer.getObjectMapper());
                return bean;
            }
        };
    }

    /** Registers the reader on a mapper whose serializer is already built (so after Axon's own module). */
    static void register(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("fleetloop-metadata").addDeserializer(MetaData.class, new MetaDataReader()));
    }

    static final class MetaDataReader extends StdDeserializer<MetaData> implements ContextualDeserializer {

        /** Axon's own reader, for what is not an object of fields (it reads from the current token as this one does). */
        private static final MetaDataDeserializer AXONS = new MetaDataDeserializer();

        /** Jackson's deserializer of untyped values, the one Axon's {@code Map<String, Object>} reading uses per value. */
        private final JsonDeserializer<Object> values;

        MetaDataReader() {
            this(null);
        }

        private MetaDataReader(JsonDeserializer<Object> values) {
            super(MetaData.class);
            this.values = values;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) throws JsonMappingException {
            return values != null ? this : new MetaDataReader(context.findRootValueDeserializer(context.constructType(Object.class)));
        }

        @Override
        public Object deserializeWithType(JsonParser parser, DeserializationContext context, TypeDeserializer typeDeserializer)
                throws IOException {
            return typeDeserializer.deserializeTypedFromObject(parser, context);
        }

        @Override
        public MetaData deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT) token = parser.nextToken();
            if (values == null || (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT)) return AXONS.deserialize(parser, context);
            Map<String, Object> items = new HashMap<>();
            for (; token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                items.put(key, value == JsonToken.VALUE_STRING ? parser.getText()
                        : value == JsonToken.VALUE_NULL ? null
                        : values.deserialize(parser, context));
            }
            return MetaData.from(items);
        }
    }
}
