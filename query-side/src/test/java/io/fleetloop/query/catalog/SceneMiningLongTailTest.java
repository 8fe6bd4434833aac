package io.fleetloop.query.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MinedAsset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SceneMiningLongTailTest {

    private static MinedAsset asset(String... combinations) {
        return new MinedAsset(new AssetId("a"), List.of(), List.of(combinations), List.of());
    }

    @Test
    void aRarePairOfCommonTagsIsLongTail() {
        Map<String, Long> counts = Map.of("night", 30L, "rain", 30L, "night+rain", 2L);
        assertThat(SceneMiningLongTail.longTail(asset("night", "rain", "night+rain"), counts, 100, 0.05)).containsExactly("night+rain");
    }

    @Test
    void aRareTagIsLongTailButNotEveryPairItIsIn() {
        Map<String, Long> counts = Map.of("snow", 1L, "night", 30L, "night+snow", 1L);
        assertThat(SceneMiningLongTail.longTail(asset("night", "snow", "night+snow"), counts, 100, 0.05)).containsExactly("snow");
    }

    @Test
    void nothingIsRareInAnEmptyCatalog() {
        assertThat(SceneMiningLongTail.longTail(asset("night"), Map.of(), 0, 0.05)).isEmpty();
    }
}
