package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record GatewayTokenRotatedEvent(GatewayTokenId id, String tenantId, String tokenSha256, Instant rotatedAt) implements TenantOwned {
}
