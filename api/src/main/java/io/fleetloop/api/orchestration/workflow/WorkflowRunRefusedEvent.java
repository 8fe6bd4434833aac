package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/**
 * The run {@code runId} (of the workflow's current revision) was refused at dispatch and did not start: {@code reason}
 * QUOTA_EXCEEDED or BALANCE_EXHAUSTED, with the resource, its limit and what was used (the account's own record is its
 * {@code DispatchRefusedEvent}).
 */
public record WorkflowRunRefusedEvent(WorkflowId workflowId, String tenantId, WorkflowRunId runId, int revision, RunTrigger trigger,
                                      String reason, String resource, double limit, double used, Instant refusedAt)
        implements WorkflowEvent {
}
