package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

public record OperatorVersionAddedEvent(OperatorId operatorId, String tenantId, String name, OperatorKind kind,
                                        OperatorVersionDefinition version, Instant addedAt) implements OperatorEvent {
}
