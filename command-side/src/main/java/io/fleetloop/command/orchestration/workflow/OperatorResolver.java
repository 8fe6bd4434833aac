package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.orchestration.workflow.OperatorRef;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;

import java.util.Optional;

/** Resolves an operator version for a revision to pin: built-ins from code, the tenant's from the command-side lookup table. */
interface OperatorResolver {

    record Resolved(OperatorRef ref, OperatorVersionDefinition definition) {
    }

    /** Empty when the tenant has no such operator; {@code version} null = the latest. */
    Optional<Resolved> resolve(String tenantId, String operatorId, Integer version);

    /** Whether the tenant has the operator at all (to tell an unknown operator from an unknown version). */
    boolean exists(String tenantId, String operatorId);
}
