package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST {controllerBase}/collection-status} (Fleetloop extension): the device's collection status for the interval
 * since its previous report — {@code distanceKm} driven and {@code triggers} fired, {@code ruleVersion} the rules it runs.
 * The exposure behind the rollout gate's trigger rate (triggers per 100 km).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiCollectionExposure(String ruleVersion, Double distanceKm, Integer triggers) {

    public DdiCollectionExposure validate() {
        if (distanceKm == null || distanceKm.isNaN() || distanceKm < 0 || distanceKm > 10_000) {
            throw new DdiContractException("distanceKm", "0..10000 km driven since the previous report");
        }
        if (triggers == null || triggers < 0 || triggers > 100_000) throw new DdiContractException("triggers", "0..100000");
        if (ruleVersion != null && !ruleVersion.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new DdiContractException("ruleVersion", "the collection-rules version the device runs");
        }
        return this;
    }
}
