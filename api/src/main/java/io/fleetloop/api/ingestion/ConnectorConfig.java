package io.fleetloop.api.ingestion;

/**
 * Where a connector reads from. {@code credentialsRef} names stored credentials; the secret itself
 * never enters an event. S3 sources use endpoint, bucket, prefix and region; Kafka sources {@code kafka}
 * (null for other protocols and in events written before Kafka sources existed); HTTP-upload sources need nothing.
 */
public record ConnectorConfig(String endpoint, String bucket, String prefix, String region, String credentialsRef,
                              KafkaSettings kafka) {

    public ConnectorConfig {
        prefix = prefix == null ? "" : prefix;
    }

    public ConnectorConfig(String endpoint, String bucket, String prefix, String region, String credentialsRef) {
        this(endpoint, bucket, prefix, region, credentialsRef, null);
    }
}
