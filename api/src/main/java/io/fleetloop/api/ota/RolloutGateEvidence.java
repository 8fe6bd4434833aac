package io.fleetloop.api.ota;

/**
 * What the rollout gate compared: triggers and kilometres of the devices on the new version ({@code newVersion}) and of
 * the devices of the same type still on the old one, the rates (triggers per 100 km), the margin tested against, and the
 * one-sided exact conditional p-value (binomial split of the counts given the exposures, see docs/edge-collection.md).
 */
public record RolloutGateEvidence(String newVersion, long newDevices, long newTriggers, double newKm, long oldDevices,
                                  long oldTriggers, double oldKm, double newRatePer100Km, double oldRatePer100Km,
                                  double margin, double pValue, double alpha, String test) {
}
