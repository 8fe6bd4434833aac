package io.fleetloop.api.metering;

import java.time.Instant;
import java.util.List;

public record FetchCostByTenantQuery(List<String> tenantIds, Instant from, Instant to) {
    public FetchCostByTenantQuery {
        tenantIds = List.copyOf(tenantIds);
    }
}
