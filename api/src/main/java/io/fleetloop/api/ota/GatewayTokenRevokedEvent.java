package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record GatewayTokenRevokedEvent(GatewayTokenId id, String tenantId, Instant revokedAt) implements TenantOwned {
}
