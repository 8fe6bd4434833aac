package io.fleetloop.api.behavior;

import io.fleetloop.api.catalog.AssetId;

import java.util.Map;

/**
 * One asset of a session and how to read it: {@code kind}, the clock offset added to its timestamps (nanoseconds,
 * configured or estimated), and reader options (e.g. CSV column mapping, the DBC asset of a CAN log).
 */
public record SessionSource(AssetId assetId, SourceKind kind, long clockOffsetNanos, Map<String, String> options) {
    public SessionSource {
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
