package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.List;

/** An operator of the catalogue: a built-in (every tenant) or one of the tenant's, with all its versions (oldest first). */
public record OperatorView(String operatorId, String name, OperatorKind kind, boolean builtIn, String description,
                           List<OperatorVersionDefinition> versions, Instant registeredAt) {
}
