package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Intermediate progress: step {@code cnt} of {@code of}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DdiProgress(Integer cnt, Integer of) {
}
