package io.fleetloop.sagas.integration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Integration bus: the brokers ({@code spring.kafka.bootstrap-servers}), how topics are created, and the largest message
 * the publisher sends ({@code max-message-bytes}, below the brokers' and producer's 1 MiB default; a larger event is
 * cut into parts, {@link IntegrationMessageParts}).
 */
@ConfigurationProperties("fleetloop.kafka")
record KafkaProperties(Integer partitions, Short replicationFactor, String source, Integer maxMessageBytes) {

    KafkaProperties {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        source = source == null || source.isBlank() ? "urn:fleetloop:platform" : source;
        maxMessageBytes = maxMessageBytes == null ? 900_000 : maxMessageBytes;
        if (maxMessageBytes < 1_024 || maxMessageBytes > 1_000_000) {
            throw new IllegalArgumentException("fleetloop.kafka.max-message-bytes must be 1024..1000000, got " + maxMessageBytes);
        }
    }
}
