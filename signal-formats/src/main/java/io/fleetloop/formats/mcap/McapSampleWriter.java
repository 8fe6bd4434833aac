package io.fleetloop.formats.mcap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.formats.Sample;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes samples of any source into an MCAP file, one JSON channel per sample channel (topic = channel name):
 * a {@code JsonNode} value is written as is, a number or text as {@code {"value": ...}}, raw bytes on an
 * {@code application/octet-stream} channel. Samples should come in time order (chunk time ranges stay tight).
 */
public final class McapSampleWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] VALUE_SCHEMA = """
            {"type":"object","properties":{"value":{"type":["number","string","boolean"]}}}"""
            .getBytes(StandardCharsets.UTF_8);

    private final McapWriter writer;
    private final Map<String, Integer> channels = new HashMap<>();
    private final Map<Integer, Long> sequences = new HashMap<>();
    private int valueSchema;

    public McapSampleWriter(OutputStream out, McapWriter.Options options) throws IOException {
        this.writer = new McapWriter(out, options);
    }

    public void write(Sample sample) throws IOException {
        Object value = sample.value();
        byte[] data;
        int channel;
        if (value instanceof byte[] bytes) {
            data = bytes;
            channel = channel(sample.channel(), "application/octet-stream", 0);
        } else if (value instanceof JsonNode node) {
            data = JSON.writeValueAsBytes(node);
            channel = channel(sample.channel(), "json", 0);
        } else {
            ObjectNode wrapped = JSON.createObjectNode();
            wrapped.set("value", JSON.valueToTree(value));
            data = JSON.writeValueAsBytes(wrapped);
            if (valueSchema == 0) {
                valueSchema = writer.addSchema("fleetloop.Value", "jsonschema", VALUE_SCHEMA);
            }
            channel = channel(sample.channel(), "json", valueSchema);
        }
        long sequence = sequences.merge(channel, 1L, Long::sum);
        writer.write(channel, sequence, sample.timestampNanos(), sample.timestampNanos(), data);
    }

    private int channel(String topic, String encoding, int schema) {
        return channels.computeIfAbsent(topic, t -> writer.addChannel(t, encoding, schema, Map.of()));
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
