package io.fleetloop.api.metering;

import java.time.Instant;
import java.util.List;

/** Version {@code version} of the tenant's price list; version 1 is the configured default, taken when the account opened. */
public record PriceListPublishedEvent(String tenantId, int version, Instant effectiveFrom, List<Price> prices,
                                      Instant publishedAt) implements TenantAccountEvent {
    public PriceListPublishedEvent {
        prices = List.copyOf(prices);
    }
}
