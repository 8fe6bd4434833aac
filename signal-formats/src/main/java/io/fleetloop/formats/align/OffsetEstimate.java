package io.fleetloop.formats.align;

/** The offset to ADD to the other source's timestamps, the correlation reached and how many grid points it used. */
public record OffsetEstimate(long offsetNanos, double correlation, int samplesUsed) {
}
