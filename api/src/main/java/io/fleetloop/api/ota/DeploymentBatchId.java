package io.fleetloop.api.ota;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record DeploymentBatchId(@JsonValue String value) {

    @JsonCreator
    public DeploymentBatchId {
        Objects.requireNonNull(value, "DeploymentBatchId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
