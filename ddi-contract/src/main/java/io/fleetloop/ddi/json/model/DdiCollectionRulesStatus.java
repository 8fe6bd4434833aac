package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code PUT {controllerBase}/collection-rules/status}: the rules version the device runs now. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiCollectionRulesStatus(String version) {

    public DdiCollectionRulesStatus validate() {
        if (version == null || !version.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new DdiContractException("version", "the version served by collection-rules (1-64 letters, digits, . _ -)");
        }
        return this;
    }
}
