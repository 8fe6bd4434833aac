package io.fleetloop.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id; serialised as its plain string value. */
public record AssetId(@JsonValue String value) {

    @JsonCreator
    public AssetId {
        Objects.requireNonNull(value, "AssetId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
