package io.fleetloop.api.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A scene-mining job as {@code GET /v1/scene-mining/{jobId}} shows it; {@code assets} once complete. */
public record SceneMiningJobView(String jobId, String status, int assetCount, int rulesVersion, Map<String, String> filter,
                                 Instant requestedAt, Instant updatedAt, String reason, Long minedAssets,
                                 List<MinedAsset> assets) {
}
