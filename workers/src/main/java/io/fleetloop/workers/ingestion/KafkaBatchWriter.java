package io.fleetloop.workers.ingestion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fleetloop.api.ingestion.StreamRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of one partition collected into one object: NDJSON, one line per record with its topic, partition,
 * offset, timestamp, key, headers and value. Keys, header values and values are written as text when they are
 * UTF-8, else base64 under {@code keyBase64} / {@code valueBase64} (header values: {@code base64:} prefix); a null
 * key or value is left out. Memory holds one batch (bounded by the source's maxBatchBytes).
 */
final class KafkaBatchWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final String topic;
    private final int partition;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long firstTimestamp;
    private long lastTimestamp;
    private int count;
    private long startedAtNanos;

    KafkaBatchWriter(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    void add(ConsumerRecord<byte[], byte[]> record, long nowNanos) {
        if (count == 0) {
            firstOffset = record.offset();
            firstTimestamp = record.timestamp();
            startedAtNanos = nowNanos;
        }
        lastOffset = record.offset();
        lastTimestamp = record.timestamp();
        count++;
        try (JsonGenerator line = JSON.createGenerator(buffer)) {
            line.writeStartObject();
            line.writeStringField("topic", record.topic());
            line.writeNumberField("partition", record.partition());
            line.writeNumberField("offset", record.offset());
            line.writeNumberField("timestamp", record.timestamp());
            line.writeStringField("timestampType", record.timestampType().name);
            bytes(line, "key", record.key());
            if (record.headers().toArray().length > 0) {
                line.writeObjectFieldStart("headers");
                for (Header header : record.headers()) {
                    byte[] value = header.value();
                    if (value == null) line.writeNullField(header.key());
                    else {
                        String text = utf8(value);
                        line.writeStringField(header.key(), text != null ? text : "base64:" + Base64.getEncoder().encodeToString(value));
                    }
                }
                line.writeEndObject();
            }
            bytes(line, "value", record.value());
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.write('\n');
    }

    private static void bytes(JsonGenerator line, String field, byte[] value) throws IOException {
        if (value == null) return;
        String text = utf8(value);
        if (text != null) line.writeStringField(field, text);
        else line.writeStringField(field + "Base64", Base64.getEncoder().encodeToString(value));
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return buffer.size();
    }

    int count() {
        return count;
    }

    long ageNanos(long nowNanos) {
        return count == 0 ? 0 : nowNanos - startedAtNanos;
    }

    StreamRange range() {
        return new StreamRange(topic, partition, firstOffset, lastOffset, count);
    }

    byte[] content() {
        return buffer.toByteArray();
    }

    /** The batch's object key below the task's landing path: sorts by offset, the same for the same range. */
    String relativeKey() {
        return objectPrefix(topic, partition) + String.format("%020d-%020d.ndjson", firstOffset, lastOffset);
    }

    static String objectPrefix(String topic, int partition) {
        return topic + "/" + partition + "/";
    }

    /** The first offset named by an object key of {@link #relativeKey()}'s form, or -1. */
    static long firstOffsetOf(String objectName) {
        String name = objectName.substring(objectName.lastIndexOf('/') + 1);
        int dash = name.indexOf('-');
        if (dash != 20 || !name.endsWith(".ndjson")) return -1;
        try {
            return Long.parseLong(name.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Asset attributes: where the records came from (searchable, kept with the asset). */
    Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("content-type", "application/x-ndjson");
        attributes.put("kafka-topic", topic);
        attributes.put("kafka-partition", Integer.toString(partition));
        attributes.put("kafka-first-offset", Long.toString(firstOffset));
        attributes.put("kafka-last-offset", Long.toString(lastOffset));
        attributes.put("kafka-record-count", Integer.toString(count));
        attributes.put("kafka-first-timestamp", Long.toString(firstTimestamp));
        attributes.put("kafka-last-timestamp", Long.toString(lastTimestamp));
        return attributes;
    }

    void clear() {
        buffer.reset();
        count = 0;
        firstOffset = -1;
        lastOffset = -1;
    }
}
