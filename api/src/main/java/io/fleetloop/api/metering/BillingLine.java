package io.fleetloop.api.metering;

import java.math.BigDecimal;
import java.time.Instant;

public record BillingLine(String usageId, Instant at, LoopContext context, String taskId, String jobId, String runId, String nodeId,
                          String resource, double quantity, String unit, int priceListVersion, BigDecimal unitPrice,
                          BigDecimal amount) {
}
