package io.fleetloop.api.metering;

import java.time.Instant;

public record FetchQuotasQuery(String tenantId, Instant now) {
}
