package io.fleetloop.command.common;

import io.fleetloop.api.orchestration.CollectionDictionary;

import java.util.Optional;

/**
 * The trained zstd dictionaries a COLLECT flow's {@code compressionRule.dictionary} may name: catalog assets of the
 * flow's tenant, resolved from command-side state (the asset aggregate's own events), never from a read model.
 */
public interface CollectionDictionaries {

    /**
     * The tenant's asset {@code assetId} with what the device channel needs to serve it (where its bytes are, their
     * sha256 and size); empty when there is none (or it is another tenant's).
     */
    Optional<CollectionDictionary> find(String tenantId, String assetId);
}
