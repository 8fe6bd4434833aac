package io.fleetloop.api.metering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The loop's cost against its outcome over {@code [from, to)}: {@code outcomes} counts each kind, {@code costPer}
 * divides the cost by each count (null for zero), {@code costPerOutcome} by their sum; {@code formula} says so.
 */
public record RoiResponse(Instant from, Instant to, BigDecimal cost, Map<String, Long> outcomes, long totalOutcomes,
                          Map<String, BigDecimal> costPer, BigDecimal costPerOutcome, String formula) {
}
