package io.fleetloop.api.behavior;

/** One loop's KPI within the tenant; answers {@code Optional<LoopKpi>}. */
public record FindLoopKpiQuery(String tenantId, FeedbackDecisionId decisionId) {
}
