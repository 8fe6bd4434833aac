package io.fleetloop.command.objectstore;

import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * S3 multipart uploads in the platform's bucket, written once for every upload path: HTTP-upload ingestion tasks and
 * devices' clips (the client PUTs the parts straight to the store through presigned URLs) and log-batch files (the
 * platform streams the request body to the store one part at a time, without payload signing: {@link #uploadPartUnsigned}).
 * Start, presign a part, upload a part, list what arrived, complete, abort, read back, delete.
 */
@Component
public class MultipartObjectStore {

    private static final Logger log = LoggerFactory.getLogger(MultipartObjectStore.class);

    /** One part the store holds: its number, its etag and its size ({@code -1} where a client named it without one). */
    public record StoredPart(int partNumber, String etag, long size) {
    }

    /** A presigned part URL is used at once; it only has to outlive a slow connect. */
    private static final int UNSIGNED_PART_URL_EXPIRY_SECONDS = 900;
    private static final int UNSIGNED_PART_CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int UNSIGNED_PART_READ_TIMEOUT_MILLIS = 600_000;
    private final MinioAsyncClient client;
    private final String bucket;
    private final String region;

    public MultipartObjectStore(ObjectStoreProperties properties) {
        this.client = MinioAsyncClient.builder().endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey()).region(properties.region()).build();
        this.bucket = properties.bucket();
        this.region = properties.region();
    }

    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** Starts a multipart upload of {@code key}; answers the store's upload id. */
    public String start(String key) throws Exception {
        return await(client.createMultipartUploadAsync(bucket, region, key, null, null)).result().uploadId();
    }

    /** A PUT URL for one part, valid for {@code expirySeconds}. */
    public String partUrl(String key, String storeUploadId, int partNumber, int expirySeconds) throws Exception {
        return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT).bucket(bucket).object(key)
                .expiry(expirySeconds).extraQueryParams(Map.of("uploadId", storeUploadId, "partNumber", Integer.toString(partNumber)))
                .build());
    }

    /**
     * Uploads the first {@code length} bytes of {@code buffer} as one part without payload signing: a PUT of the bytes
     * to a presigned part URL (query-string signature, {@code UNSIGNED-PAYLOAD}), so neither this side nor the store
     * hashes the part for the signature. {@link #uploadPart} over plain HTTP hashes every part twice more (SHA-256 and
     * MD5) where the caller already hashes the whole file. A blocking {@link HttpURLConnection} writes the caller's array
     * straight to the socket (kept alive between parts): for 5 MiB bodies it took about half the CPU of java.net.http's
     * client, which hands the body through its own threads and copies each heap buffer into a direct one. Answers the
     * part's etag.
     */
    public String uploadPartUnsigned(String key, String storeUploadId, int partNumber, byte[] buffer, int length) throws Exception {
        URL url = URI.create(partUrl(key, storeUploadId, partNumber, UNSIGNED_PART_URL_EXPIRY_SECONDS)).toURL();
        HttpURLConnection put = (HttpURLConnection) url.openConnection();
        put.setRequestMethod("PUT");
        put.setDoOutput(true);
        put.setFixedLengthStreamingMode(length);
        put.setConnectTimeout(UNSIGNED_PART_CONNECT_TIMEOUT_MILLIS);
        put.setReadTimeout(UNSIGNED_PART_READ_TIMEOUT_MILLIS);
        try (OutputStream body = put.getOutputStream()) {
            body.write(buffer, 0, length);
        }
        int status = put.getResponseCode();
        String etag = put.getHeaderField("ETag");
        InputStream answer = status / 100 == 2 ? put.getInputStream() : put.getErrorStream();
        String text;
        try (answer) { // read to the end, so the connection goes back to the keep-alive cache
            text = answer == null ? "" : new String(answer.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (status / 100 != 2 || etag == null) throw new PartRefusedException(key, partNumber, status, text);
        return etag;
    }

    /** The store refused a part sent by {@link #uploadPartUnsigned} (its HTTP status and S3 error code). */
    public static final class PartRefusedException extends java.io.IOException {
        private final int status;
        private final String code;

        PartRefusedException(String key, int partNumber, int status, String body) {
            super("the object store answered " + status + " to part " + partNumber + " of " + key + ": " + errorCode(body));
            this.status = status;
            this.code = errorCode(body);
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        private static String errorCode(String body) {
            int start = body == null ? -1 : body.indexOf("<Code>");
            int end = start < 0 ? -1 : body.indexOf("</Code>", start);
            return end < 0 ? "" : body.substring(start + "<Code>".length(), end);
        }
    }

    /** Uploads the first {@code length} bytes of {@code buffer} as one part; answers its etag. */
    public String uploadPart(String key, String storeUploadId, int partNumber, byte[] buffer, int length) throws Exception {
        byte[] data = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        return await(client.uploadPartAsync(bucket, region, key, data, length, storeUploadId, partNumber, null, null)).etag();
    }

    /** The parts the store has received so far; {@code NoSuchUpload} when the upload was completed or aborted. */
    public List<StoredPart> parts(String key, String storeUploadId) throws Exception {
        List<StoredPart> parts = new ArrayList<>();
        Integer marker = null;
        while (true) {
            var result = await(client.listPartsAsync(bucket, region, key, 1000, marker, storeUploadId, null, null)).result();
            for (Part part : result.partList()) parts.add(new StoredPart(part.partNumber(), part.etag(), part.partSize()));
            if (!result.isTruncated()) return parts;
            marker = result.nextPartNumberMarker();
        }
    }

    /** Assembles the object from {@code parts} (in any order; the store wants them by number). */
    public void complete(String key, String storeUploadId, List<StoredPart> parts) throws Exception {
        Part[] list = parts.stream().sorted(Comparator.comparingInt(StoredPart::partNumber))
                .map(p -> new Part(p.partNumber(), p.etag())).toArray(Part[]::new);
        await(client.completeMultipartUploadAsync(bucket, region, key, storeUploadId, list, null, null));
    }

    /** Aborts an upload; one the store no longer knows (completed or aborted before) is taken as aborted. */
    public void abort(String key, String storeUploadId) throws Exception {
        try {
            await(client.abortMultipartUploadAsync(bucket, region, key, storeUploadId, null, null));
        } catch (ErrorResponseException e) {
            if (!isNoSuchUpload(e)) throw e;
        }
    }

    /** Aborts an upload on the way out of a failed request: a failure is logged, never thrown over the request's own. */
    public void discard(String key, String storeUploadId) {
        try {
            abort(key, storeUploadId);
        } catch (Exception e) {
            log.warn("Could not abort the upload {} of {}: {}", storeUploadId, key, e.toString());
        }
    }

    public InputStream read(String key) throws Exception {
        return await(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    public void delete(String key) throws Exception {
        await(client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    /** Deletes an object on the way out of a failed request: a failure is logged, never thrown over the request's own. */
    public void discardObject(String key) {
        try {
            delete(key);
        } catch (Exception e) {
            log.warn("Could not delete {}: {}", key, e.toString());
        }
    }

    /** Whether the store answered that it knows no such multipart upload (it was completed or aborted). */
    public static boolean isNoSuchUpload(Exception e) {
        return e instanceof ErrorResponseException response && "NoSuchUpload".equals(response.errorResponse().code())
                || e instanceof PartRefusedException refused && "NoSuchUpload".equals(refused.code());
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
