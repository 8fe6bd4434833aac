package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** A registered model endpoint with the outcome of its latest availability check (nulls until checked). */
public record AiModelView(String modelId, String name, String baseUrl, String model, String credentialRef, Instant registeredAt,
                          Boolean available, Boolean modelListed, Integer httpStatus, String checkDetail, Long latencyMillis,
                          Instant checkedAt) {
}
