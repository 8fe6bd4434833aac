package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How configData changes the target's attributes: {@code merge} (the default), {@code replace} or {@code remove}. */
public enum DdiUpdateMode {
    MERGE, REPLACE, REMOVE;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static DdiUpdateMode of(String value) {
        return JsonEnums.parse(DdiUpdateMode.class, "mode", value);
    }
}
