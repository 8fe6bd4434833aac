package io.fleetloop.api.metering;

import java.math.BigDecimal;

public record TenantCost(String tenantId, BigDecimal cost) {
}
