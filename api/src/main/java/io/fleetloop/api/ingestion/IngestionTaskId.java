package io.fleetloop.api.ingestion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record IngestionTaskId(@JsonValue String value) {

    @JsonCreator
    public IngestionTaskId {
        Objects.requireNonNull(value, "IngestionTaskId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
