package io.fleetloop.api.metering;

import java.math.BigDecimal;

/**
 * One loop context over a period: {@code items} metered in count units (objects, assets, items), {@code seconds} of
 * worker time, {@code cost} of all its lines, {@code costPerItem = cost / items} (null without items).
 */
public record ContextCost(LoopContext context, double items, double seconds, BigDecimal cost, BigDecimal costPerItem) {
}
