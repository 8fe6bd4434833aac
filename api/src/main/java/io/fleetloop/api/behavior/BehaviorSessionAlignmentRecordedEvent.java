package io.fleetloop.api.behavior;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alignment settings of a session, recorded with it: per output channel ({@code <source>/<channel>}) the
 * interpolation chosen over the default, the clock offsets estimated by cross-correlation (the configured and
 * estimated offsets themselves are in each {@link SessionSource}), and the largest gap a value is carried over.
 */
public record BehaviorSessionAlignmentRecordedEvent(BehaviorSessionId sessionId, String tenantId,
                                                    Map<String, ChannelInterpolation> interpolation,
                                                    List<ClockOffsetEstimate> estimates, long maxGapNanos,
                                                    Instant recordedAt) implements TenantOwned {
    public BehaviorSessionAlignmentRecordedEvent {
        interpolation = interpolation == null ? Map.of() : new TreeMap<>(interpolation);
        estimates = estimates == null ? List.of() : List.copyOf(estimates);
    }
}
