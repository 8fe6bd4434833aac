package io.fleetloop.infra;

/**
 * Where the S3-compatible object store (S3Proxy, filesystem backend) answers. Requests must be signed
 * (AWS signature v2 or v4) with these credentials; unsigned requests get 403.
 *
 * @param endpoint  base URL, e.g. {@code http://127.0.0.1:9000}; use path-style bucket addressing
 * @param accessKey access key id
 * @param secretKey secret key
 * @param region    region to sign with
 */
public record ObjectStoreEndpoint(String endpoint, String accessKey, String secretKey, String region) {

    @Override
    public String toString() {
        return "ObjectStoreEndpoint[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + "]";
    }
}
