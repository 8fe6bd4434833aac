package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One edge collection rule (a COLLECT data flow): when to cut a clip, how to compress it and where it goes. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiCollectionRule(String id, String name, DdiCollectionTrigger trigger, DdiCompression compression, String targetPath) {
}
