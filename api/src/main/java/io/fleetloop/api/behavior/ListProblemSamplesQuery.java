package io.fleetloop.api.behavior;

import io.fleetloop.api.common.PageRequest;

/** The tenant's problem samples, newest first; {@code sessionId} and {@code problemType} narrow when given. */
public record ListProblemSamplesQuery(String tenantId, String sessionId, ProblemType problemType, PageRequest page) {
}
