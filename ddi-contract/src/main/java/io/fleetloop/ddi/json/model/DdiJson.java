package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.stream.Collectors;

/**
 * Reading and writing DDI documents. Readers are tolerant (unknown fields ignored, missing ones null) so that a newer
 * peer does not break an older one; a value the contract forbids becomes a {@link DdiContractException} naming it.
 */
public final class DdiJson {

    /** A mapper for the contract: tolerant, no nulls written. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private DdiJson() {
    }

    /** {@code body} as a {@code type}; an empty body is {@code null}. */
    public static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) return null;
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof DdiContractException contract) throw contract;
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new DdiContractException(path.isEmpty() ? "body" : path, "a valid value (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            throw new DdiContractException("body", "JSON (" + e.getOriginalMessage() + ")");
        }
    }

    public static byte[] write(Object document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + document, e);
        }
    }
}
