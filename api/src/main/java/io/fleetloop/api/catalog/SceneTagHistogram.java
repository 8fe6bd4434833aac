package io.fleetloop.api.catalog;

import java.util.List;

/** How many of the tenant's assets carry each scene tag and each long-tail tag (most frequent first). */
public record SceneTagHistogram(long assets, List<Bucket> sceneTags, List<Bucket> longTailTags) {
    public record Bucket(String tag, long count) {
    }
}
