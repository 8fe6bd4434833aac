package io.fleetloop.formats.mcap;

import java.util.Map;

/** An MCAP Channel record (op 0x04): one topic with its message encoding; {@code schemaId} 0 means no schema. */
public record McapChannel(int id, int schemaId, String topic, String messageEncoding, Map<String, String> metadata) {
}
