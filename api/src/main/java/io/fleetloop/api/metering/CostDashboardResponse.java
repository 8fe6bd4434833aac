package io.fleetloop.api.metering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Seed 000 §9: per context throughput, time, cost and cost per item, over the whole range and per period. */
public record CostDashboardResponse(Instant from, Instant to, Granularity granularity, BigDecimal totalCost,
                                    List<ContextCost> contexts, List<CostPeriod> periods) {
}
