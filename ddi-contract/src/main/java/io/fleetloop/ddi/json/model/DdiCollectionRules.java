package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code GET {controllerBase}/collection-rules} (a Fleetloop extension, linked from the base poll as
 * {@code collectionRules}): the edge collection rules the device runs, and their {@code version} (also the response's
 * ETag), so a device fetches them again only when the version changed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiCollectionRules(String version, List<DdiCollectionRule> rules) {

    public List<DdiCollectionRule> rulesOrEmpty() {
        return rules == null ? List.of() : rules;
    }
}
