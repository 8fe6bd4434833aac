package io.fleetloop.api.catalog;

import java.util.List;

/**
 * One asset's scene-mining result: the scene tags the rules gave it, the tag combinations counted for the long tail
 * ({@code a} and {@code a+b}, sorted, location clusters left out), and the combinations found rare (empty until the
 * long-tail step ran).
 */
public record MinedAsset(AssetId assetId, List<String> sceneTags, List<String> combinations, List<String> longTailTags) {
    public MinedAsset {
        sceneTags = List.copyOf(sceneTags);
        combinations = List.copyOf(combinations);
        longTailTags = longTailTags == null ? List.of() : List.copyOf(longTailTags);
    }
}
