package io.fleetloop.query.annotation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where exports read raw frames from and put the dataset files they build: the platform's bucket. An interface
 * because the object store client belongs to the command side; the platform assembly plugs it in.
 */
public interface DatasetStore {

    /** The object at {@code storagePath} ({@code s3://bucket/key}, as the catalog records it). */
    InputStream open(String storagePath) throws IOException;

    /** Stores {@code file} under {@code key} below the tenant's prefix and answers its storage path. */
    String put(String tenantId, String key, Path file) throws IOException;
}
