package io.fleetloop.command.objectstore;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.annotation.PostConstruct;
import org.springframework.stereotype.Component;

import java.io.InputStream;

/** Writes into the platform's bucket; every tenant's data lives below {@code tenants/<tenantId>/}. */
@Component
public class PlatformObjectStore {

    /** Parts of 16 MiB: memory per upload stays flat whatever the object's size. */
    static final long PART_SIZE = 16L * 1024 * 1024;

    private final ObjectStoreProperties properties;
    private final MinioClient client;

    PlatformObjectStore(ObjectStoreProperties properties) {
        this.properties = properties;
        this.client = MinioClient.builder().endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey()).region(properties.region()).build();
    }

    @PostConstruct
    void ensureBucket() throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(properties.bucket()).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(properties.bucket()).build());
            } catch (ErrorResponseException e) {
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) throw e;
            }
        }
    }

    public String bucket() {
        return properties.bucket();
    }

    public static String tenantPrefix(String tenantId) {
        return "tenants/" + tenantId + "/";
    }

    public String uri(String key) {
        return "s3://" + properties.bucket() + "/" + key;
    }

    /** Streams {@code size} bytes (or an unknown length when negative) into {@code key}. */
    public void put(String key, InputStream content, long size) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(properties.bucket()).object(key)
                .stream(content, size, size >= 0 ? -1 : PART_SIZE).build());
    }

    public void delete(String key) throws Exception {
        client.removeObject(RemoveObjectArgs.builder().bucket(properties.bucket()).object(key).build());
    }

    public MinioClient client() {
        return client;
    }
}
