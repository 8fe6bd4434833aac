package io.fleetloop.api.simulation;

/**
 * A scenario parameter: each generated item draws a value uniformly from {@code [min, max]} (equal bounds: a fixed
 * value) in {@code unit}. Stored scenarios hold it in the parameter's canonical unit (see {@link ScenarioParams}).
 */
public record ParamRange(Double min, Double max, String unit) {
}
