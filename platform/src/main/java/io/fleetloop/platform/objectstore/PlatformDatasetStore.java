package io.fleetloop.platform.objectstore;

import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.query.annotation.DatasetStore;
import io.fleetloop.query.behavior.RecordingStore;
import io.minio.GetObjectArgs;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plugs the platform's bucket into the query side (query-side does not reach into command-side): dataset exports
 * write and read through it, behaviour sessions read their recordings.
 */
@Component
class PlatformDatasetStore implements DatasetStore, RecordingStore {

    private final PlatformObjectStore store;

    PlatformDatasetStore(PlatformObjectStore store) {
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

    @Override
    public String put(String tenantId, String key, Path file) throws IOException {
        String fullKey = PlatformObjectStore.tenantPrefix(tenantId) + key;
        try (InputStream in = Files.newInputStream(file)) {
            store.put(fullKey, in, Files.size(file));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot store " + fullKey, e);
        }
        return store.uri(fullKey);
    }
}
