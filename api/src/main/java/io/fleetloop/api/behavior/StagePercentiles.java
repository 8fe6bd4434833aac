package io.fleetloop.api.behavior;

/** Nearest-rank percentiles of one stage's durations over {@code count} loops; null when no loop has the stage yet. */
public record StagePercentiles(int count, Long p50Millis, Long p90Millis) {
}
