package io.fleetloop.api.catalog;

import java.time.Instant;

/**
 * Every field is optional; {@code q} is full text over path, tags and source (never over attributes, which may be
 * personal data); {@code attribute} matches one attribute's exact value.
 */
public record AssetFilter(Modality modality, String sourceId, String tag, String q, Instant ingestedFrom,
                          Instant ingestedTo, AttributeMatch attribute) {

    public static AssetFilter none() {
        return new AssetFilter(null, null, null, null, null, null, null);
    }
}
