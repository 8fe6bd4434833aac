package io.fleetloop.api.metering;

import java.time.Instant;

public record FetchCostDashboardQuery(String tenantId, Instant from, Instant to, Granularity granularity) {
}
