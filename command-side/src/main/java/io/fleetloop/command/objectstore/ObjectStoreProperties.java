package io.fleetloop.command.objectstore;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The platform's own S3-compatible store (MinIO, S3 or the embedded S3Proxy) and its bucket. */
@ConfigurationProperties("fleetloop.objectstore")
public record ObjectStoreProperties(String endpoint, String accessKey, String secretKey, String region, String bucket) {

    public ObjectStoreProperties {
        region = region == null || region.isBlank() ? "us-east-1" : region;
        bucket = bucket == null || bucket.isBlank() ? "fleetloop" : bucket;
    }
}
