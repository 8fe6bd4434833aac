package io.fleetloop.api.metering;

import io.fleetloop.api.common.PageRequest;

import java.time.Instant;

/** Bill lines with {@code from <= at < to}. */
public record FetchBillingLinesQuery(String tenantId, Instant from, Instant to, PageRequest page) {
}
