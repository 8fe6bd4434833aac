package io.fleetloop.api.metering;

import java.math.BigDecimal;
import java.util.List;

/** A page of bill lines (oldest first); {@code totalAmount} and {@code total} cover every line of the range. */
public record BillingLinesResponse(List<BillingLine> items, int page, int size, long total, BigDecimal totalAmount) {
}
