package io.fleetloop.api.orchestration.workflow;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** The outcome of an availability check: {@code modelListed} says whether the endpoint's model list names the model. */
public record AiModelCheckedEvent(AiModelId modelId, String tenantId, boolean available, boolean modelListed, Integer httpStatus,
                                  String detail, long latencyMillis, Instant checkedAt) implements TenantOwned {
}
