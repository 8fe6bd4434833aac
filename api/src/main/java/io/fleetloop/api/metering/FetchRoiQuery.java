package io.fleetloop.api.metering;

import java.time.Instant;

public record FetchRoiQuery(String tenantId, Instant from, Instant to) {
}
