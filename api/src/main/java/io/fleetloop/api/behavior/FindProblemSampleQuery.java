package io.fleetloop.api.behavior;

public record FindProblemSampleQuery(String tenantId, ProblemSampleId sampleId) {
}
