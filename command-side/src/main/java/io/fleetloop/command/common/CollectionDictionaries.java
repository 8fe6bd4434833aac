package io.fleetloop.command.common;

import java.util.Optional;

/**
 * The trained zstd dictionaries a COLLECT flow's {@code compressionRule.dictionary} may name: catalog assets of the
 * flow's tenant, resolved from command-side state (the asset aggregate's own events), never from a read model.
 */
public interface CollectionDictionaries {

    /** What the device channel needs to serve the dictionary: where its bytes are and their sha256. */
    record Dictionary(String assetId, String tenantId, String storagePath, String sha256, long sizeBytes) {
    }

    /** The tenant's asset {@code assetId}; empty when there is none (or it is another tenant's). */
    Optional<Dictionary> find(String tenantId, String assetId);
}
