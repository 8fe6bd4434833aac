package io.fleetloop.api.metering;

import java.time.Instant;

public record BillingPolicySetEvent(String tenantId, boolean stopDispatchWhenExhausted, Instant at) implements TenantAccountEvent {
}
