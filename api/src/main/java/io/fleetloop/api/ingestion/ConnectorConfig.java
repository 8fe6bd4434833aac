package io.fleetloop.api.ingestion;

/**
 * Where a connector reads from. {@code credentialsRef} names stored credentials; the secret itself
 * never enters an event.
 */
public record ConnectorConfig(String endpoint, String bucket, String prefix, String region, String credentialsRef) {

    public ConnectorConfig {
        prefix = prefix == null ? "" : prefix;
    }
}
