package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** {@code PUT configData}: the device's attributes and how they change the stored ones. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiConfigData(Map<String, String> data, DdiUpdateMode mode) {

    /** The mode, {@code merge} when the device gave none. */
    public DdiUpdateMode modeOrMerge() {
        return mode == null ? DdiUpdateMode.MERGE : mode;
    }

    public DdiConfigData validate() {
        if (data == null) throw new DdiContractException("data", "an object of attribute values");
        return this;
    }
}
