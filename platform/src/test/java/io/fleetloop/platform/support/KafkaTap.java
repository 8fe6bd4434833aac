package io.fleetloop.platform.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the integration topics from the beginning, as a Kafka console consumer would, keeping one tenant's events. */
public final class KafkaTap implements AutoCloseable {

    public record Received(String topic, String key, JsonNode cloudEvent) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final String tenant;
    private final List<Received> received = new ArrayList<>();

    public KafkaTap(String tenant, List<String> topics) {
        this.tenant = tenant;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(topics);
    }

    /** Everything received so far for the tenant, after polling what is available now. */
    public synchronized List<Received> poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            try {
                JsonNode event = Api.JSON.readTree(record.value());
                if (tenant.equals(event.path("tenantid").asText())) {
                    received.add(new Received(record.topic(), record.key(), event));
                }
            } catch (IOException e) {
                throw new IllegalStateException("not JSON on " + record.topic() + ": " + record.value(), e);
            }
        }
        return List.copyOf(received);
    }

    public List<Received> on(String topic) {
        return poll().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
