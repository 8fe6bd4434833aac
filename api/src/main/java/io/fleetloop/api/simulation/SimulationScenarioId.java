package io.fleetloop.api.simulation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record SimulationScenarioId(@JsonValue String value) {

    @JsonCreator
    public SimulationScenarioId {
        Objects.requireNonNull(value, "SimulationScenarioId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
