package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A HAL link, {@code {"href": "..."}}; hawkBit's other link attributes are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiLink(String href) {
}
