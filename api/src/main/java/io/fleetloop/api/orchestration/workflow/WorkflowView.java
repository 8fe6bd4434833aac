package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** A workflow as listed; {@code current} (the current revision in full) only when one workflow is asked for. */
public record WorkflowView(String workflowId, String name, WorkflowState state, int currentRevision, String timeZone,
                           long runsRequested, Instant createdAt, Instant updatedAt, WorkflowRevision current) {
}
