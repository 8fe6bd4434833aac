package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** At most {@code limit} of {@code resource} per {@code period}; once reached, new work using it is refused at dispatch. */
public record SetQuotaCommand(@TargetAggregateIdentifier String tenantId, String resource, double limit, QuotaPeriod period,
                              Instant at) implements TenantOwned {
}
