package io.fleetloop.api.annotation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.fleetloop.api.catalog.AssetId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Typed id; serialised as its plain string value. */
public record AnnotationResultId(@JsonValue String value) {

    @JsonCreator
    public AnnotationResultId {
        Objects.requireNonNull(value, "AnnotationResultId value");
    }

    /** The result of one asset in one task: the same pair always gives the same id (a retried job creates nothing twice). */
    public static AnnotationResultId derivedFrom(AnnotationTaskId task, AssetId asset) {
        String name = "annotation-result:" + task.value() + ":" + asset.value();
        return new AnnotationResultId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
