package io.fleetloop.sagas.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a CloudEvent that is larger than a Kafka message may be into parts that each fit. An event that lists many items
 * (a scene-mining job over 10,000 assets is 2.2 MB; Kafka's default limit is 1 MB) would otherwise be refused by the
 * brokers on every retry, and the publisher would hold back every later event behind it.
 * <p>
 * The event's per-item lists ({@code splitFields}: lists of the same length, item i of each belonging together) are cut
 * in step; every other field is repeated in each part. A part's {@code id} is the event's id with {@code /k} appended
 * (unique, stable across redeliveries, so consumers still drop duplicates by id), and three extension attributes say how
 * to put the event together again: {@code partof} (the event's id), {@code part} (1-based) and {@code parts}. An event
 * that fits goes out unchanged, without these attributes.
 */
final class IntegrationMessageParts {

    private IntegrationMessageParts() {
    }

    /**
     * The message(s) for {@code envelope}, each at most {@code maxBytes} of UTF-8. When the event does not fit and
     * none of {@code splitFields} is a list in its data, the longest top-level lists of equal length are cut in step.
     *
     * @throws IllegalStateException when even one item per part does not fit
     */
    static List<String> of(ObjectMapper json, ObjectNode envelope, List<String> splitFields, int maxBytes) throws JsonProcessingException {
        String whole = json.writeValueAsString(envelope);
        if (bytes(whole) <= maxBytes) return List.of(whole);
        JsonNode data = envelope.path("data");
        List<String> fields = data.isObject() ? listFields((ObjectNode) data, splitFields) : List.of();
        int items = fields.isEmpty() ? 0 : data.path(fields.get(0)).size();
        if (items < 2) throw tooLarge(envelope, whole, "it has no per-item list to cut");
        int parts = (int) Math.min(items, Math.max(2, (long) Math.ceil(bytes(whole) / (maxBytes * 0.8))));
        while (true) {
            List<String> messages = cut(json, envelope, (ObjectNode) data, fields, items, parts);
            if (messages.stream().allMatch(m -> bytes(m) <= maxBytes)) return messages;
            if (parts == items) throw tooLarge(envelope, whole, "one item per part is still too large");
            parts = Math.min(items, parts * 2);
        }
    }

    private static List<String> listFields(ObjectNode data, List<String> splitFields) {
        List<String> named = splitFields.stream().filter(f -> data.path(f).isArray()).toList();
        if (!named.isEmpty()) {
            int size = data.path(named.get(0)).size();
            if (named.stream().allMatch(f -> data.path(f).size() == size)) return named;
            throw new IllegalStateException("the per-item lists " + named + " differ in length");
        }
        int longest = 0;
        for (var field : data.properties()) if (field.getValue().isArray()) longest = Math.max(longest, field.getValue().size());
        List<String> fields = new ArrayList<>();
        for (var field : data.properties()) {
            if (field.getValue().isArray() && field.getValue().size() == longest) fields.add(field.getKey());
        }
        return fields;
    }

    private static List<String> cut(ObjectMapper json, ObjectNode envelope, ObjectNode data, List<String> fields, int items, int parts)
            throws JsonProcessingException {
        int perPart = (items + parts - 1) / parts;
        int count = (items + perPart - 1) / perPart;
        String id = envelope.path("id").asText();
        List<String> messages = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            ObjectNode partData = data.deepCopy();
            for (String field : fields) {
                ArrayNode all = (ArrayNode) data.get(field);
                ArrayNode slice = partData.putArray(field);
                for (int i = k * perPart; i < Math.min(items, (k + 1) * perPart); i++) slice.add(all.get(i));
            }
            ObjectNode part = envelope.deepCopy();
            part.put("id", id + "/" + (k + 1));
            part.put("partof", id);
            part.put("part", k + 1);
            part.put("parts", count);
            part.set("data", partData);
            messages.add(json.writeValueAsString(part));
        }
        return messages;
    }

    private static int bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length;
    }

    private static IllegalStateException tooLarge(ObjectNode envelope, String whole, String why) {
        return new IllegalStateException("integration event " + envelope.path("id").asText() + " (" + envelope.path("type").asText()
                + ") is " + bytes(whole) + " bytes, over the Kafka message limit, and cannot be cut into parts: " + why);
    }
}
