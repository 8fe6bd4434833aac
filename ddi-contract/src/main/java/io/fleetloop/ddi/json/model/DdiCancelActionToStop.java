package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The id of the action the device must stop. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiCancelActionToStop(String stopId) {
}
