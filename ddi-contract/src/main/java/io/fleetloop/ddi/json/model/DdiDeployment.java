package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/** What to deploy and how: download/update handling, the chunks, and the maintenance window's state. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiDeployment(HandlingType download, HandlingType update, List<DdiChunk> chunks, DdiMaintenanceWindowStatus maintenanceWindow) {

    public List<DdiChunk> chunkList() {
        return chunks == null ? List.of() : chunks;
    }

    /**
     * hawkBit's handling: {@code forced} (do it now), {@code attempt} (the device may ask its user or wait) and
     * {@code skip} (not yet, e.g. outside the maintenance window: download only).
     */
    public enum HandlingType {
        SKIP, ATTEMPT, FORCED;

        @JsonValue
        public String json() {
            return JsonEnums.json(this);
        }

        @JsonCreator
        public static HandlingType of(String value) {
            return JsonEnums.parse(HandlingType.class, "deployment handling", value);
        }
    }
}
