package io.fleetloop.command.ota.ddi;

import io.fleetloop.command.objectstore.ObjectStoreProperties;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.http.Method;
import io.minio.messages.Part;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * S3 multipart uploads of devices' clip files in the platform's bucket: start, presign part PUTs (the device sends the
 * bytes straight to the store, seed 000 §8 step 4), list received parts, complete, read back, delete.
 */
@Component
class ClipStore {

    record ReceivedPart(int partNumber, String etag, long size) {
    }

    private final MinioAsyncClient client;
    private final String bucket;
    private final String region;

    ClipStore(ObjectStoreProperties properties) {
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

    String partUrl(String key, String storeUploadId, int partNumber, int expirySeconds) throws Exception {
        return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT).bucket(bucket).object(key)
                .expiry(expirySeconds).extraQueryParams(Map.of("uploadId", storeUploadId, "partNumber", Integer.toString(partNumber)))
                .build());
    }

    List<ReceivedPart> parts(String key, String storeUploadId) throws Exception {
        List<ReceivedPart> parts = new ArrayList<>();
        Integer marker = null;
        while (true) {
            var result = await(client.listPartsAsync(bucket, region, key, 1000, marker, storeUploadId, null, null)).result();
            for (Part part : result.partList()) parts.add(new ReceivedPart(part.partNumber(), part.etag(), part.partSize()));
            if (!result.isTruncated()) return parts;
            marker = result.nextPartNumberMarker();
        }
    }

    void complete(String key, String storeUploadId, List<ReceivedPart> parts) throws Exception {
        Part[] list = parts.stream().map(p -> new Part(p.partNumber(), p.etag())).toArray(Part[]::new);
        await(client.completeMultipartUploadAsync(bucket, region, key, storeUploadId, list, null, null));
    }

    InputStream read(String key) throws Exception {
        return await(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    void delete(String key) throws Exception {
        await(client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
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
