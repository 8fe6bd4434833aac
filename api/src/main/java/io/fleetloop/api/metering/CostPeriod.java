package io.fleetloop.api.metering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

public record CostPeriod(Instant periodStart, BigDecimal cost, List<ContextCost> contexts) {
}
