package io.fleetloop.platform.objectstore;

import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.query.behavior.RecordingStore;
import io.minio.GetObjectArgs;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;

/** Plugs the platform's bucket into the behaviour read side (query-side does not reach into command-side). */
@Component
class PlatformRecordingStore implements RecordingStore {

    private final PlatformObjectStore store;

    PlatformRecordingStore(PlatformObjectStore store) {
        this.store = store;
    }

    @Override
    public InputStream open(String storagePath) throws IOException {
        String prefix = "s3://" + store.bucket() + "/";
        if (!storagePath.startsWith(prefix)) throw new IOException(storagePath + " is not in the platform bucket " + store.bucket());
        try {
            return store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(storagePath.substring(prefix.length())).build());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read " + storagePath, e);
        }
    }
}
