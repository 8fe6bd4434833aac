package io.fleetloop.command.behavior;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.formats.align.SampleStream;
import io.fleetloop.formats.sources.RecordingSources;
import io.minio.GetObjectArgs;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Opens a tenant's assets as sample streams straight from the platform's bucket (streamed; MCAP via a temp file). */
@Component
class SessionSourceReader {

    private final PlatformObjectStore store;
    private final BehaviorAssetDirectory directory;

    SessionSourceReader(PlatformObjectStore store, BehaviorAssetDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    SampleStream open(String tenantId, String name, String kind, AssetId assetId, Map<String, String> options) {
        return RecordingSources.open(name, kind, assetId.value(), options, id -> open(tenantId, id));
    }

    private InputStream open(String tenantId, String assetId) throws IOException {
        String path = directory.find(tenantId, new AssetId(assetId)).orElseThrow(() -> new IOException("asset " + assetId + " not found"))
                .storagePath();
        String prefix = "s3://" + store.bucket() + "/";
        if (!path.startsWith(prefix)) throw new IOException(path + " is not in the platform bucket");
        try {
            return store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(path.substring(prefix.length())).build());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
