package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

public record OperatorRegisteredEvent(OperatorId operatorId, String tenantId, String name, OperatorKind kind,
                                      OperatorVersionDefinition version, Instant registeredAt) implements OperatorEvent {
}
