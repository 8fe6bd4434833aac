package io.fleetloop.api.orchestration.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record AiModelId(@JsonValue String value) {

    @JsonCreator
    public AiModelId {
        Objects.requireNonNull(value, "AiModelId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
