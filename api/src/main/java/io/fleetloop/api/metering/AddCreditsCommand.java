package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.math.BigDecimal;
import java.time.Instant;

/** Prepaid credits added to the tenant's balance; {@code reference} (e.g. an invoice number) makes it idempotent. */
public record AddCreditsCommand(@TargetAggregateIdentifier String tenantId, BigDecimal amount, String reference, Instant at)
        implements TenantOwned {
}
