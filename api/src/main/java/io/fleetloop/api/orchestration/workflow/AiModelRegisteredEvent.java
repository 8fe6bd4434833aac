package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

public record AiModelRegisteredEvent(AiModelId modelId, String tenantId, String name, String baseUrl, String model,
                                     String credentialRef, Instant registeredAt) implements TenantOwned {
}
