package io.fleetloop.api.metering;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A usage was metered and debited: {@code quantity} is what this event adds under {@code usageId}, priced at the
 * unit price of the price-list version in force at {@code at}; {@code balanceAfter} is the account's balance after
 * the debit. The event is the bill line.
 */
public record UsageMeteredEvent(String tenantId, String usageId, LoopContext context, String taskId, String jobId, String runId,
                                String nodeId, String resource, double quantity, String unit, Instant at, int priceListVersion,
                                BigDecimal unitPrice, BigDecimal amount, BigDecimal balanceAfter) implements TenantAccountEvent {
}
