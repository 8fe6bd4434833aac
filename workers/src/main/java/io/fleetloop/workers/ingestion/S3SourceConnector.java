package io.fleetloop.workers.ingestion;

import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.command.ingestion.ConnectorCredentials;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/** Reads a bucket/prefix of an S3-compatible source. Listing is lazy: memory does not grow with the object count. */
final class S3SourceConnector {

    record SourceObject(String key, String relativeKey, long size) {
    }

    /** An object being read: its content, and its user metadata as attributes (see {@link UserMetadata}). */
    record OpenedObject(InputStream content, Map<String, String> attributes) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    /** The source could not be read: wrong endpoint, bucket, credentials or permissions. */
    static final class SourceUnreadableException extends RuntimeException {
        SourceUnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A listed object no longer exists (S3 {@code NoSuchKey}): it was deleted between the listing and the read. */
    static final class ObjectVanishedException extends RuntimeException {
        ObjectVanishedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final MinioClient client;
    private final ConnectorConfig config;
    private final String prefix;

    S3SourceConnector(ConnectorConfig config, ConnectorCredentials.Secret secret) {
        this.config = config;
        this.prefix = normalizedPrefix(config.prefix());
        MinioClient.Builder builder = MinioClient.builder().endpoint(config.endpoint())
                .credentials(secret.accessKey(), secret.secretKey());
        if (config.region() != null && !config.region().isBlank()) builder.region(config.region());
        this.client = builder.build();
    }

    void requireReadable() {
        boolean exists;
        try {
            exists = client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
        } catch (Exception e) {
            throw new SourceUnreadableException("cannot reach bucket '" + config.bucket() + "' at " + config.endpoint() + ": " + describe(e), e);
        }
        if (!exists) {
            throw new SourceUnreadableException("bucket '" + config.bucket() + "' does not exist at " + config.endpoint(), null);
        }
    }

    /** Objects below the prefix whose key (relative to the prefix) matches the glob, in key order. */
    Iterable<SourceObject> matching(String includePattern) {
        KeyFilter filter = new KeyFilter(includePattern);
        Iterable<Result<Item>> listing = client.listObjects(ListObjectsArgs.builder()
                .bucket(config.bucket()).prefix(prefix).recursive(true).build());
        return () -> new Iterator<>() {
            private final Iterator<Result<Item>> items = listing.iterator();
            private SourceObject next;

            @Override
            public boolean hasNext() {
                while (next == null && items.hasNext()) {
                    Item item;
                    try {
                        item = items.next().get();
                    } catch (Exception e) {
                        throw new SourceUnreadableException("cannot list bucket '" + config.bucket() + "': " + describe(e), e);
                    }
                    if (item.isDir() || item.objectName().endsWith("/")) continue;
                    String relative = item.objectName().substring(prefix.length());
                    if (filter.matches(relative)) next = new SourceObject(item.objectName(), relative, item.size());
                }
                return next != null;
            }

            @Override
            public SourceObject next() {
                if (!hasNext()) throw new NoSuchElementException();
                SourceObject result = next;
                next = null;
                return result;
            }
        };
    }

    /**
     * The object's content and, from the same response's headers, its user metadata. An object that is gone throws
     * {@link ObjectVanishedException}; any other failure (access denied, bucket gone, endpoint down) makes the source
     * unreadable.
     */
    OpenedObject open(SourceObject object) {
        try {
            GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(object.key()).build());
            return new OpenedObject(response, UserMetadata.attributes(response.headers().toMultimap()));
        } catch (Exception e) {
            if (e instanceof ErrorResponseException err && "NoSuchKey".equals(err.errorResponse().code())) {
                throw new ObjectVanishedException("vanished between listing and reading: " + describe(e), e);
            }
            throw new SourceUnreadableException("cannot read '" + object.key() + "': " + describe(e), e);
        }
    }

    private static String normalizedPrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) return "";
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return p.endsWith("/") ? p : p + "/";
    }

    static String describe(Exception e) {
        if (e instanceof ErrorResponseException err) {
            return err.errorResponse().code() + " (" + err.errorResponse().message() + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A glob on the relative key; a pattern without '/' also matches the file name at any depth. */
    static final class KeyFilter {
        private final PathMatcher matcher;
        private final boolean nameOnly;

        KeyFilter(String glob) {
            String pattern = glob == null || glob.isBlank() ? "**" : glob;
            this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            this.nameOnly = !pattern.contains("/") && !pattern.contains("**");
        }

        boolean matches(String relativeKey) {
            Path path = Path.of(relativeKey);
            return matcher.matches(path) || (nameOnly && path.getFileName() != null && matcher.matches(path.getFileName()));
        }
    }
}
