package io.fleetloop.api.annotation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record AnnotationTaskId(@JsonValue String value) {

    @JsonCreator
    public AnnotationTaskId {
        Objects.requireNonNull(value, "AnnotationTaskId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
