package io.fleetloop.api.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A scene-mining job was requested: the assets (with what the job needs of them), the filter that chose them, the rules. */
public record SceneMiningRequestedEvent(SceneMiningJobId jobId, String tenantId, List<SceneMiningAsset> assets,
                                        Map<String, String> filter, SceneMiningRules rules, Instant requestedAt)
        implements SceneMiningEvent {
    public SceneMiningRequestedEvent {
        assets = List.copyOf(assets);
        filter = filter == null ? Map.of() : Map.copyOf(filter);
    }
}
