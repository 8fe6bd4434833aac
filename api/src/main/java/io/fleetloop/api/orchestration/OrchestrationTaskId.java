package io.fleetloop.api.orchestration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record OrchestrationTaskId(@JsonValue String value) {

    @JsonCreator
    public OrchestrationTaskId {
        Objects.requireNonNull(value, "OrchestrationTaskId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
