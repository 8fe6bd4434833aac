package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers an OpenAI-compatible model endpoint (seed 003 "AI 模型中心"). The API key is never in a message:
 * {@code credentialRef} names a stored connector credential ({@code PUT /v1/credentials/{name}}).
 */
public record RegisterAiModelCommand(@TargetAggregateIdentifier AiModelId modelId, String tenantId, String name, String baseUrl,
                                     String model, String credentialRef) implements TenantOwned {
}
