package io.fleetloop.api.metering;

import java.time.Instant;
import java.util.List;

public record PriceListVersion(int version, Instant effectiveFrom, Instant publishedAt, List<Price> prices) {
}
