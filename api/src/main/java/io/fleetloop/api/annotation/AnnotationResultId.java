package io.fleetloop.api.annotation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record AnnotationResultId(@JsonValue String value) {

    @JsonCreator
    public AnnotationResultId {
        Objects.requireNonNull(value, "AnnotationResultId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
