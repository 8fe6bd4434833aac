package io.fleetloop.api.ingestion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record DataSourceId(@JsonValue String value) {

    @JsonCreator
    public DataSourceId {
        Objects.requireNonNull(value, "DataSourceId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
