package io.fleetloop.api.behavior;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A session as read: its sources (with where they are stored), alignment settings and timeline markers. */
public record BehaviorSessionView(String sessionId, String name, String deviceId, Instant from, Instant to,
                                  List<String> sceneTags, List<Source> sources, Map<String, ChannelInterpolation> interpolation,
                                  List<ClockOffsetEstimate> estimates, long maxGapNanos, List<Marker> markers,
                                  String createdBy, Instant createdAt) {

    /** One source: {@code name} prefixes its aligned channels ({@code <name>/<channel>}). */
    public record Source(String assetId, SourceKind kind, String name, long clockOffsetNanos, Map<String, String> options,
                         String storagePath) {
    }

    /** A problem sample on the timeline. */
    public record Marker(String sampleId, ProblemType problemType, Severity severity, Instant from, Instant to,
                         List<String> channels, String notes) {
    }
}
