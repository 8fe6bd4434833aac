package io.fleetloop.api.behavior;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/**
 * Seed 000 §4 step 1 CreateBehaviorSession: the session's sources (all the tenant's own assets), the device they were
 * recorded on ({@code null} when mixed/unknown) and the time range the sources cover.
 */
public record BehaviorSessionCreatedEvent(BehaviorSessionId sessionId, String tenantId, String name, String deviceId,
                                          List<SessionSource> sources, Instant from, Instant to, List<String> sceneTags,
                                          String createdBy, Instant createdAt) implements TenantOwned {
    public BehaviorSessionCreatedEvent {
        sources = List.copyOf(sources);
        sceneTags = sceneTags == null ? List.of() : List.copyOf(sceneTags);
    }

    public List<AssetId> assetIds() {
        return sources.stream().map(SessionSource::assetId).toList();
    }
}
