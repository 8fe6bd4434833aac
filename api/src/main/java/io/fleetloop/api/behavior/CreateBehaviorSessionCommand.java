package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Seed 000 §4 steps 1–2 CreateBehaviorSession: the resolved sources (with their clock offsets), the time range the
 * sources were scanned to cover, and the alignment settings (interpolation overrides per output channel, the offsets
 * that were estimated, the largest gap bridged) so an aligned view can be reproduced from the events.
 */
public record CreateBehaviorSessionCommand(@TargetAggregateIdentifier BehaviorSessionId sessionId, String tenantId, String name,
                                           String deviceId, List<SessionSource> sources, Instant from, Instant to,
                                           List<String> sceneTags, Map<String, ChannelInterpolation> interpolation,
                                           List<ClockOffsetEstimate> estimates, long maxGapNanos, String createdBy)
        implements TenantOwned {
    public CreateBehaviorSessionCommand {
        sources = sources == null ? List.of() : List.copyOf(sources);
        sceneTags = sceneTags == null ? List.of() : List.copyOf(sceneTags);
        interpolation = interpolation == null ? Map.of() : Map.copyOf(interpolation);
        estimates = estimates == null ? List.of() : List.copyOf(estimates);
    }
}
