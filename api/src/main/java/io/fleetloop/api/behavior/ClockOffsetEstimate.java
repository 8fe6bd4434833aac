package io.fleetloop.api.behavior;

import io.fleetloop.api.catalog.AssetId;

/**
 * A clock offset found by cross-correlating {@code channel} of {@code assetId} against {@code referenceChannel} of
 * {@code referenceAssetId} (lag searched within ±{@code maxLagNanos} on a {@code rateHz} grid): {@code offsetNanos} is
 * added to the asset's timestamps; {@code correlation} and {@code samplesUsed} say how good the match was.
 */
public record ClockOffsetEstimate(AssetId referenceAssetId, String referenceChannel, AssetId assetId, String channel,
                                  long offsetNanos, double correlation, int samplesUsed, long maxLagNanos, double rateHz) {
}
