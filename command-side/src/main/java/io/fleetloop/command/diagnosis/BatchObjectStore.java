package io.fleetloop.command.diagnosis;

import io.fleetloop.command.objectstore.ObjectStoreProperties;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.messages.Part;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** S3 multipart uploads of log-batch files in the platform's bucket, one part at a time from the request stream. */
@Component
class BatchObjectStore {

    private final MinioAsyncClient client;
    private final String bucket;
    private final String region;

    BatchObjectStore(ObjectStoreProperties properties) {
        this.client = MinioAsyncClient.builder().endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey()).region(properties.region()).build();
        this.bucket = properties.bucket();
        this.region = properties.region();
    }

    String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    String start(String key) throws Exception {
        return await(client.createMultipartUploadAsync(bucket, region, key, null, null)).result().uploadId();
    }

    /** Uploads {@code length} bytes of {@code buffer} as one part; answers its etag. */
    String uploadPart(String key, String storeUploadId, int partNumber, byte[] buffer, int length) throws Exception {
        byte[] data = length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length);
        return await(client.uploadPartAsync(bucket, region, key, data, length, storeUploadId, partNumber, null, null)).etag();
    }

    void complete(String key, String storeUploadId, List<BatchUploads.Part> parts) throws Exception {
        Part[] list = parts.stream().map(p -> new Part(p.partNumber(), p.etag())).toArray(Part[]::new);
        await(client.completeMultipartUploadAsync(bucket, region, key, storeUploadId, list, null, null));
    }

    void abort(String key, String storeUploadId) {
        try {
            await(client.abortMultipartUploadAsync(bucket, region, key, storeUploadId, null, null));
        } catch (Exception ignored) {
            // already completed or aborted: nothing left to clean
        }
    }

    void delete(String key) {
        try {
            await(client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (Exception ignored) {
            // nothing to delete
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }
}
