package io.fleetloop.api.ota;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record ReleaseTaskId(@JsonValue String value) {

    @JsonCreator
    public ReleaseTaskId {
        Objects.requireNonNull(value, "ReleaseTaskId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
