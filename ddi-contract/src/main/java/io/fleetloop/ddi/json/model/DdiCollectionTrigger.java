package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A rule's trigger: any of {@code kinds} ({@code TAKEOVER}, {@code HARD_BRAKING}, {@code ACCIDENT_FLAG}, {@code EXPRESSION})
 * fires; {@code expression} is CEL over the signals (doubles) with {@code abs}, {@code min}, {@code max}; the clip spans
 * {@code preSeconds} before to {@code postSeconds} after; at most {@code rateLimit} clips per hour. Kinds are strings so
 * that an older agent reads a newer server's kinds (and ignores those it does not know).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiCollectionTrigger(List<String> kinds, String expression, Double preSeconds, Double postSeconds, Integer rateLimit) {
}
