package io.fleetloop.sagas.integration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Integration bus: the brokers ({@code spring.kafka.bootstrap-servers}) and how topics are created. */
@ConfigurationProperties("fleetloop.kafka")
record KafkaProperties(Integer partitions, Short replicationFactor, String source) {

    KafkaProperties {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        source = source == null || source.isBlank() ? "urn:fleetloop:platform" : source;
    }
}
