package io.fleetloop.api.metering;

import java.time.Instant;

public record QuotaSetEvent(String tenantId, String resource, double limit, QuotaPeriod period, Instant at)
        implements TenantAccountEvent {
}
