package io.fleetloop.api.diagnosis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id of a log batch (seed 004 batchId); serialised as its plain string value. */
public record LogBatchId(@JsonValue String value) {

    @JsonCreator
    public LogBatchId {
        Objects.requireNonNull(value, "LogBatchId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
