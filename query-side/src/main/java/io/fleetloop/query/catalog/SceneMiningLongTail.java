package io.fleetloop.query.catalog;

import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.RecordLongTailTagsCommand;
import io.fleetloop.api.catalog.SceneTagsDerivedEvent;
import io.fleetloop.projections.catalog.AssetSearchIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The long-tail step of scene mining (seed 000 §9 step 2, "ES 聚合"), on the query side because it reads the asset
 * index: once a job derived its assets' scene tags, the frequency of each of their tag combinations across the
 * tenant's mined assets is taken from Elasticsearch (a terms aggregation over {@code sceneCombos}, leaving the job's
 * own assets out) plus the job's own new combinations, and recorded on the job as a command. So the frequencies do not
 * depend on whether the index already has this job's tags, and a redelivered event sends a command the job ignores.
 *
 * <p>A combination is rare when it is carried by less than {@code longTailMaxFraction} of the mined assets. An asset's
 * long-tail tags are its rare single tags, and its rare pairs {@code a+b} of tags that are each not rare: a rare tag
 * would otherwise make every pair it is in rare, and the interesting long tail is a rare mix of common conditions.
 */
@Component
@ProcessingGroup("scene-mining-long-tail")
class SceneMiningLongTail {

    private final AssetSearchIndex index;
    private final CommandGateway commands;

    SceneMiningLongTail(AssetSearchIndex index, CommandGateway commands) {
        this.index = index;
        this.commands = commands;
    }

    @EventHandler
    void on(SceneTagsDerivedEvent event) throws IOException {
        Set<String> combinations = new HashSet<>();
        List<String> jobAssets = new ArrayList<>();
        Map<String, Long> own = new HashMap<>();
        long ownMined = 0;
        for (MinedAsset asset : event.assets()) {
            jobAssets.add(asset.assetId().value());
            combinations.addAll(asset.combinations());
            if (!asset.combinations().isEmpty()) ownMined++;
            asset.combinations().forEach(c -> own.merge(c, 1L, Long::sum));
        }
        AssetSearchIndex.CombinationCounts catalog = combinations.isEmpty()
                ? new AssetSearchIndex.CombinationCounts(0, Map.of())
                : index.combinationCounts(event.tenantId(), combinations, jobAssets);
        long mined = catalog.minedAssets() + ownMined;
        Map<String, Long> counts = new TreeMap<>(catalog.counts());
        own.forEach((c, n) -> counts.merge(c, n, Long::sum));
        List<MinedAsset> result = event.assets().stream()
                .map(a -> new MinedAsset(a.assetId(), a.sceneTags(), a.combinations(), longTail(a, counts, mined, event.longTailMaxFraction())))
                .toList();
        commands.sendAndWait(new RecordLongTailTagsCommand(event.jobId(), event.tenantId(), result, mined, counts));
    }

    static List<String> longTail(MinedAsset asset, Map<String, Long> counts, long mined, double maxFraction) {
        if (mined == 0) return List.of();
        Set<String> rareSingles = new HashSet<>();
        List<String> rare = new ArrayList<>();
        for (String combination : asset.combinations()) {
            if (!combination.contains("+") && isRare(counts.getOrDefault(combination, 0L), mined, maxFraction)) {
                rareSingles.add(combination);
                rare.add(combination);
            }
        }
        for (String combination : asset.combinations()) {
            if (!combination.contains("+")) continue;
            String[] pair = combination.split("\\+", 2);
            if (rareSingles.contains(pair[0]) || rareSingles.contains(pair[1])) continue;
            if (isRare(counts.getOrDefault(combination, 0L), mined, maxFraction)) rare.add(combination);
        }
        return rare.stream().sorted().toList();
    }

    private static boolean isRare(long count, long mined, double maxFraction) {
        return (double) count / mined < maxFraction;
    }
}
