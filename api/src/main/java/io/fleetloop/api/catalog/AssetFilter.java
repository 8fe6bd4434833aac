package io.fleetloop.api.catalog;

import java.time.Instant;
import java.util.List;

/**
 * Every field is optional; {@code q} is full text over path, tags and source (never over attributes, which may be
 * personal data); {@code attribute} matches one attribute's exact value; {@code sceneTags} and {@code longTailTags}
 * match assets carrying every listed tag (seed 000 §9 step 5).
 */
public record AssetFilter(Modality modality, String sourceId, String tag, String q, Instant ingestedFrom,
                          Instant ingestedTo, AttributeMatch attribute, List<String> sceneTags, List<String> longTailTags) {

    public AssetFilter {
        sceneTags = sceneTags == null ? List.of() : List.copyOf(sceneTags);
        longTailTags = longTailTags == null ? List.of() : List.copyOf(longTailTags);
    }

    public AssetFilter(Modality modality, String sourceId, String tag, String q, Instant ingestedFrom, Instant ingestedTo,
                       AttributeMatch attribute) {
        this(modality, sourceId, tag, q, ingestedFrom, ingestedTo, attribute, List.of(), List.of());
    }

    public static AssetFilter none() {
        return new AssetFilter(null, null, null, null, null, null, null);
    }
}
