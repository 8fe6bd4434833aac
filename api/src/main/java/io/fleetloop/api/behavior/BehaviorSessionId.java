package io.fleetloop.api.behavior;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record BehaviorSessionId(@JsonValue String value) {

    @JsonCreator
    public BehaviorSessionId {
        Objects.requireNonNull(value, "BehaviorSessionId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
