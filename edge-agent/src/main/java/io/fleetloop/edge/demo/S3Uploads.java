package io.fleetloop.edge.demo;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Puts objects into an S3-compatible store (path-style, AWS Signature Version 4), as a vehicle's uploader would: enough
 * for the demo to fill a source bucket without an SDK. Buckets are created when missing.
 */
final class S3Uploads {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final String REGION = "us-east-1";

    private final HttpClient http;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    S3Uploads(HttpClient http, URI endpoint, String accessKey, String secretKey) {
        this.http = http;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    void createBucket(String bucket) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/" + bucket, new byte[0]);
        if (response.statusCode() / 100 != 2 && !response.body().contains("BucketAlreadyOwnedByYou") && !response.body().contains("BucketAlreadyExists")) {
            throw new IOException("S3 " + endpoint + ": creating bucket " + bucket + " answered " + response.statusCode() + " " + response.body());
        }
    }

    void put(String bucket, String key, byte[] content) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/" + bucket + "/" + encodePath(key), content);
        if (response.statusCode() / 100 != 2) {
            throw new IOException("S3 " + endpoint + ": PUT " + bucket + "/" + key + " answered " + response.statusCode() + " " + response.body());
        }
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws IOException, InterruptedException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = STAMP.format(now);
        String date = amzDate.substring(0, 8);
        String payloadHash = hex(sha256(body));
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        String canonical = method + "\n" + path + "\n\n" + "host:" + host + "\n" + "x-amz-content-sha256:" + payloadHash + "\n"
                + "x-amz-date:" + amzDate + "\n\n" + "host;x-amz-content-sha256;x-amz-date\n" + payloadHash;
        String scope = date + "/" + REGION + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date), REGION), "s3"), "aws4_request");
        String signature = hex(hmac(key, toSign));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.toString().replaceAll("/$", "") + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("x-amz-date", amzDate).header("x-amz-content-sha256", payloadHash)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Each path segment URI-encoded as SigV4 wants it (slashes kept). */
    static String encodePath(String key) {
        StringBuilder path = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (!path.isEmpty()) path.append('/');
            path.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~").replace("*", "%2A"));
        }
        return path.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
