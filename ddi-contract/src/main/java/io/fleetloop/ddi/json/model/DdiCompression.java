package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** How a clip is compressed: {@code codec} ({@code zstd}), {@code level}, a trained {@code dictionary} (asset id) and the ratio aimed at. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiCompression(String codec, Integer level, String dictionary, Double targetRatio) {
}
