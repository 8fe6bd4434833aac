package io.fleetloop.api.metering;

import java.util.List;

public record CostByTenantResponse(List<TenantCost> tenants) {
}
