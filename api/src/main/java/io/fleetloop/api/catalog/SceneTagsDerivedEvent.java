package io.fleetloop.api.catalog;

import java.util.List;

/** Scene tags derived; the long-tail step (Elasticsearch aggregations over the tenant's catalog) comes next. */
public record SceneTagsDerivedEvent(SceneMiningJobId jobId, String tenantId, List<MinedAsset> assets,
                                    double longTailMaxFraction) implements SceneMiningEvent {
    public SceneTagsDerivedEvent {
        assets = List.copyOf(assets);
    }
}
