package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A software module's target-visible metadata entry. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiMetadata(String key, String value) {
}
