package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code config} of the base poll. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiConfig(DdiPolling polling) {
}
