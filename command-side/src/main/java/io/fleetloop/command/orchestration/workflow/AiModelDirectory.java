package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.orchestration.workflow.AiModelId;

/** Whether the tenant registered an AI model (what an AI_MODEL operator references). */
interface AiModelDirectory {
    boolean exists(String tenantId, AiModelId modelId);
}
