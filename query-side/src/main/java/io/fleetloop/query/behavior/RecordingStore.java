package io.fleetloop.query.behavior;

import java.io.IOException;
import java.io.InputStream;

/** Reads recorded assets from the platform's bucket; {@code platform} plugs it into the object store. */
public interface RecordingStore {

    /** The object at {@code storagePath} ({@code s3://bucket/key}, as the catalog records it), streamed. */
    InputStream open(String storagePath) throws IOException;
}
