package io.fleetloop.api.behavior;

public record FindFeedbackDecisionQuery(String tenantId, FeedbackDecisionId decisionId) {
}
