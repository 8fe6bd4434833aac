package io.fleetloop.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id of a scene-mining job; serialised as its plain string value. */
public record SceneMiningJobId(@JsonValue String value) {

    @JsonCreator
    public SceneMiningJobId {
        Objects.requireNonNull(value, "SceneMiningJobId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
