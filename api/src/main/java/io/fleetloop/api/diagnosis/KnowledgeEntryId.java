package io.fleetloop.api.diagnosis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Typed id of a knowledge-base entry; serialised as its plain string value. */
public record KnowledgeEntryId(@JsonValue String value) {

    @JsonCreator
    public KnowledgeEntryId {
        Objects.requireNonNull(value, "KnowledgeEntryId value");
    }

    @Override
    public String toString() {
        return value;
    }
}
