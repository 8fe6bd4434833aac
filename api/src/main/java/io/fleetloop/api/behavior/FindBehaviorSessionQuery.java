package io.fleetloop.api.behavior;

public record FindBehaviorSessionQuery(String tenantId, BehaviorSessionId sessionId) {
}
