package io.fleetloop.platform.support;

import io.fleetloop.infra.LocalInfra;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import io.minio.errors.ErrorResponseException;

/** A bucket of the test S3 server acting as a fleet's raw-data source, written with the MinIO client. */
public final class SourceBucket {

    private final MinioClient client;
    private final String bucket;

    public SourceBucket(String bucket) {
        LocalInfra servers = TestServers.get();
        this.bucket = bucket;
        this.client = MinioClient.builder().endpoint(servers.objectStore().endpoint())
                .credentials(servers.objectStore().accessKey(), servers.objectStore().secretKey())
                .region(servers.objectStore().region()).build();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static MinioClient platformClient() {
        LocalInfra servers = TestServers.get();
        return MinioClient.builder().endpoint(servers.objectStore().endpoint())
                .credentials(servers.objectStore().accessKey(), servers.objectStore().secretKey())
                .region(servers.objectStore().region()).build();
    }

    /** Puts {@code content} into the platform's own bucket (e.g. a release artifact under {@code tenants/<tenant>/}); returns its s3:// URI. */
    public static String putPlatformObject(String bucket, String key, byte[] content) {
        try {
            platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(content), content.length, -1).build());
            return "s3://" + bucket + "/" + key;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return bucket;
    }

    /** Puts {@code content} at {@code key} and returns its sha256. */
    public String put(String key, byte[] content) {
        return put(key, content, Map.of());
    }

    /** Puts {@code content} at {@code key} with user metadata (sent as {@code x-amz-meta-<name>}) and returns its sha256. */
    public String put(String key, byte[] content, Map<String, String> userMetadata) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).userMetadata(userMetadata)
                    .stream(new ByteArrayInputStream(content), content.length, -1).build());
            return sha256(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the object at {@code key}. */
    public void delete(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the bucket itself, which must be empty. */
    public void removeBucket() {
        try {
            client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** sha256 of an object as stored, read back through the S3 API; null when it does not exist. */
    public static String storedSha256(MinioClient client, String s3Uri) {
        String path = s3Uri.substring("s3://".length());
        String bucket = path.substring(0, path.indexOf('/'));
        String key = path.substring(path.indexOf('/') + 1);
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return sha256(in.readAllBytes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
