package io.fleetloop.sagas.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.api.common.TenantOwned;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Publishes integration events to Kafka as CloudEvents (structured JSON), keyed by aggregate id. It is a
 * tracking processor: its position is stored with the token, so after a restart it continues where it left
 * off, and a send is acknowledged by the brokers (idempotent producer, acks=all) before the position moves.
 * The CloudEvent id is the event's id, so a consumer can drop the rare redelivery after a crash. Personal values in
 * the data are pseudonymised or truncated first ({@link IntegrationPrivacy}). An event over the message size limit goes
 * out in parts, all acknowledged before the position moves ({@link IntegrationMessageParts}).
 */
@Component
@ProcessingGroup("kafka-publisher")
class IntegrationEventPublisher {

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json;
    private final KafkaProperties properties;
    private final IntegrationPrivacy privacy;

    IntegrationEventPublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers, KafkaProperties properties,
                              ObjectMapper json, @Value("${fleetloop.masking.hash-key:}") String hashKey,
                              @Value("${fleetloop.data-dir:./.fleetloop}") String dataDir) throws Exception {
        this.json = json;
        this.properties = properties;
        this.privacy = IntegrationPrivacy.of(hashKey, Path.of(dataDir));
        createTopics(bootstrapServers);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "fleetloop-integration-events",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private void createTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = IntegrationTopics.BY_EVENT.values().stream()
                    .map(name -> new NewTopic(name, properties.partitions(), properties.replicationFactor())).toList();
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
        }
    }

    @EventHandler
    @DisallowReplay
    void on(EventMessage<?> event) throws Exception {
        String topic = IntegrationTopics.BY_EVENT.get(event.getPayloadType());
        if (topic == null) return;
        String subject = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
        List<String> messages = IntegrationMessageParts.of(json, cloudEvent(event, subject),
                IntegrationTopics.PER_ITEM_LISTS.getOrDefault(event.getPayloadType(), List.of()), properties.maxMessageBytes());
        List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
        for (String message : messages) sent.add(producer.send(new ProducerRecord<>(topic, subject, message)));
        for (Future<RecordMetadata> ack : sent) ack.get();
    }

    private ObjectNode cloudEvent(EventMessage<?> event, String subject) throws Exception {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("specversion", "1.0");
        envelope.put("id", event.getIdentifier());
        envelope.put("source", properties.source());
        envelope.put("type", "io.fleetloop." + event.getPayloadType().getSimpleName().replaceFirst("Event$", ""));
        envelope.put("time", event.getTimestamp().toString());
        envelope.put("subject", subject);
        envelope.put("datacontenttype", "application/json");
        if (event.getPayload() instanceof TenantOwned owned) envelope.put("tenantid", owned.tenantId());
        JsonNode data = json.valueToTree(event.getPayload());
        privacy.protect(data);
        envelope.set("data", data);
        return envelope;
    }

    /** Waits at most 5 s for unsent messages: with the brokers gone, an unbounded close would keep the JVM from ending. */
    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
