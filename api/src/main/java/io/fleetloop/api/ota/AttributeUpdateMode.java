package io.fleetloop.api.ota;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.Locale;

/** hawkBit DDI configData modes: merge the given entries in, replace all entries, or remove the given keys. */
public enum AttributeUpdateMode {
    MERGE, REPLACE, REMOVE;

    @JsonCreator
    public static AttributeUpdateMode parse(String value) {
        return value == null ? null : AttributeUpdateMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
