package io.fleetloop.api.metering;

import java.time.Instant;

/** A quota and what the current period has used of it (from the bill lines). */
public record QuotaView(String resource, double limit, QuotaPeriod period, Instant periodStart, double used, boolean exhausted) {
}
