package io.fleetloop.api.metering;

import java.math.BigDecimal;

/** The account: {@code balance = credits - debits}; an account with no event yet reads as zero. */
public record BillingAccountView(String tenantId, BigDecimal balance, BigDecimal credits, BigDecimal debits,
                                 boolean stopDispatchWhenExhausted) {
}
