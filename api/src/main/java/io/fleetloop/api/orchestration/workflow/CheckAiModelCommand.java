package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Runs an availability check of the model's endpoint ({@code GET {baseUrl}/models}) and records its outcome. */
public record CheckAiModelCommand(@TargetAggregateIdentifier AiModelId modelId, String tenantId) implements TenantOwned {
}
