package io.fleetloop.api.metering;

import java.math.BigDecimal;
import java.time.Instant;

public record CreditsAddedEvent(String tenantId, BigDecimal amount, String reference, BigDecimal balanceAfter, Instant at)
        implements TenantAccountEvent {
}
