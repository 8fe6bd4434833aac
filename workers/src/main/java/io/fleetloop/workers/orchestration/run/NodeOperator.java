package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.OperatorKind;

/** Runs a node of one operator kind. A {@link NodeFailure} fails the attempt with its message (the retry policy decides the rest). */
interface NodeOperator {

    OperatorKind kind();

    NodeResult execute(NodeCall call) throws NodeFailure, Exception;
}
