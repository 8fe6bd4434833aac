package io.fleetloop.api.orchestration.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record OperatorId(@JsonValue String value) {

    @JsonCreator
    public OperatorId {
        Objects.requireNonNull(value, "OperatorId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
