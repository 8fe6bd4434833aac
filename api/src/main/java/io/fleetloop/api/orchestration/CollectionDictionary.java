package io.fleetloop.api.orchestration;

/**
 * A trained zstd dictionary a COLLECT flow's {@code compressionRule.dictionary} names, as the check at the flow's
 * creation found it: the catalog asset, where its bytes are, their sha256 and size. A clip's segment written with it
 * reads only with these bytes.
 */
public record CollectionDictionary(String assetId, String storagePath, String sha256, long sizeBytes) {
}
