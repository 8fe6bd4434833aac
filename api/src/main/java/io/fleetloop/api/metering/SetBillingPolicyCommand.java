package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Whether an exhausted balance (zero or below) stops new dispatch of the tenant's work. */
public record SetBillingPolicyCommand(@TargetAggregateIdentifier String tenantId, boolean stopDispatchWhenExhausted, Instant at)
        implements TenantOwned {
}
