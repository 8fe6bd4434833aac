package io.fleetloop.api.metering;

import java.time.Instant;

/** The tenant's account exists (opened by its first command), with a zero balance. */
public record TenantAccountOpenedEvent(String tenantId, Instant openedAt) implements TenantAccountEvent {
}
