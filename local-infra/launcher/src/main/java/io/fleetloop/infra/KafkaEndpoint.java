package io.fleetloop.infra;

/**
 * Where the Kafka broker (single KRaft node, plaintext, no authentication) answers.
 *
 * @param bootstrapServers value for {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}
 */
public record KafkaEndpoint(String bootstrapServers) {
}
