package io.fleetloop.api.behavior;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record ProblemSampleId(@JsonValue String value) {

    @JsonCreator
    public ProblemSampleId {
        Objects.requireNonNull(value, "ProblemSampleId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
