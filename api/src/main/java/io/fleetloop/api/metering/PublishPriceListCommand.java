package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** A new version of the tenant's price list, in force from {@code effectiveFrom} (usage before it keeps the old prices). */
public record PublishPriceListCommand(@TargetAggregateIdentifier String tenantId, List<Price> prices, Instant effectiveFrom,
                                      Instant requestedAt) implements TenantOwned {
}
